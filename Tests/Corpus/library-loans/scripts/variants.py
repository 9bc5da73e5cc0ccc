# Writes variants of logs/app.log to variants/ to see which record shape gets "requests failed".
import json
src = [json.loads(l) for l in open('logs/app.log')]
def w(name, f):
    with open(f'variants/{name}.log', 'w') as o:
        for r in src: o.write(json.dumps(f(dict(r))) + '\n')
import datetime
def iso(r):
    r['time'] = datetime.datetime.utcfromtimestamp(r['time']/1000).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'; return r
def strlevel(r):
    r['level'] = {30: 'info', 40: 'warn', 50: 'error'}[r['level']]; return r
def flat(r):
    e = r.pop('err', None)
    if e: r['err.message'] = e['message']; r['err.code'] = e.get('code'); r['err.stack'] = e['stack']
    return r
def statuscode(r):
    if 'status' in r: r['statusCode'] = r.pop('status')
    return r
w('iso', iso); w('strlevel', strlevel); w('iso_strlevel', lambda r: strlevel(iso(r))); w('flat', lambda r: flat(strlevel(iso(r))))
w('statuscode', statuscode)
def nostack(r):
    if 'err' in r: r['err'] = {k: v for k, v in r['err'].items() if k != 'stack'}
    return r
w('nostack', nostack)
