# More variants: ECS flat dotted keys; pino-http style (error record + separate request record).
import json
def load(): return [json.loads(l) for l in open("variants/iso_strlevel.log")]
with open('variants/ecs_dotted.log', 'w') as o:
    for r in load():
        e = r.pop('err', None)
        r['log.level'] = r.pop('level'); r['@timestamp'] = r.pop('time'); r['message'] = r.pop('msg')
        if e: r['error.type'] = e['type']; r['error.message'] = e['message']; r['error.stack_trace'] = e['stack']
        o.write(json.dumps(r) + '\n')
with open('variants/split.log', 'w') as o:
    for r in load():
        if 'err' in r and 'status' in r:
            req = {k: r[k] for k in ('level', 'time', 'method', 'path', 'status')}
            req['msg'] = 'request completed'
            e = dict(r); [e.pop(k) for k in ('method', 'path', 'status')]
            o.write(json.dumps(e) + '\n'); o.write(json.dumps(req) + '\n')
        else: o.write(json.dumps(r) + '\n')
with open('variants/req_nested.log', 'w') as o:   # pino-http shape: req.method/req.url, res.statusCode
    for r in load():
        if 'method' in r:
            r['req'] = {'method': r.pop('method'), 'url': r.pop('path')}; r['res'] = {'statusCode': r.pop('status')}
        o.write(json.dumps(r) + '\n')
