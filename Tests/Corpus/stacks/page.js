// A page's bundle failing as a browser runs it: V8 (Chrome's engine) runs the minified chunk under the URL a
// browser fetched it from, so its frames are that URL's; the page's error logger prints the stack. The same
// messages as the Node service's (`app.js`): here they are a page's. Run by capture.sh.
'use strict';
const vm = require('vm');

let step = 0;
const stamp = () => new Date(Date.UTC(2026, 11, 6, 14, 5, 0) + step++ * 211).toISOString();
const chunk = 'https://app.example.com/_next/static/chunks/pages/admin/agencies-8f3e2a1c.js';
const bundle = [
  'function AgenciesPage(n){return n.agencies.map(function(a){return a.name})}',
  'function Avatar(u){return u.profile.url}',
  'function render(page,props){try{return page(props)}catch(e){report(e)}}',
  'render(AgenciesPage,{agencies:{items:[],total:0}});render(Avatar,{});',
].join('\n');

Error.stackTraceLimit = 2;  // the page's frames: what a browser shows, without the harness's
console.log(`${stamp()} info   GET /admin/agencies 200 in 41ms`);
globalThis.report = (err) => console.error(`${stamp()} error  ${err.stack}`);
vm.runInThisContext(bundle, {
  filename: chunk,
  displayErrors: false,
});
