import json,sys
inp,a,b=sys.argv[1:4]
texts=[l for l in open(inp,encoding='utf-8') if l.strip()]
A=[json.loads(l) for l in open(a) if l.strip()]; B=[json.loads(l) for l in open(b) if l.strip()]
assert len(A)==len(B)==len(texts),(len(A),len(B),len(texts))
nid=noff=nerr=0; shown=0
for t,x,y in zip(texts,A,B):
    if 'error' in x or 'error' in y:
        if ('error' in x)!=('error' in y): nerr+=1; 
        if ('error' in x)!=('error' in y) and shown<int(sys.argv[4] if len(sys.argv)>4 else 15): shown+=1; print('ERR',t.strip()[:200],x,y)
        continue
    if x['ids']!=y['ids'] or x['types']!=y['types']:
        nid+=1
        if shown<int(sys.argv[4] if len(sys.argv)>4 else 15):
            shown+=1
            # find first diff
            i=next((k for k in range(min(len(x['ids']),len(y['ids']))) if x['ids'][k]!=y['ids'][k]),min(len(x['ids']),len(y['ids'])))
            s=json.loads(t)
            s=s if isinstance(s,str) else s[0]
            lo=max(0,i-3)
            print('IDS',repr(s[:120]),'\n  hf ',x['ids'][lo:i+4],x['offsets'][lo:i+4],'\n  us ',y['ids'][lo:i+4],y['offsets'][lo:i+4])
    elif [list(o) for o in x['offsets']]!=[list(o) for o in y['offsets']]:
        noff+=1
        if shown<int(sys.argv[4] if len(sys.argv)>4 else 15):
            shown+=1
            i=next(k for k in range(len(x['offsets'])) if list(x['offsets'][k])!=list(y['offsets'][k]))
            s=json.loads(t); s=s if isinstance(s,str) else s[0]
            print('OFF',repr(s[:120]),'tok',i,x['ids'][i],'hf',x['offsets'][max(0,i-2):i+3],'us',y['offsets'][max(0,i-2):i+3])
print(f'{len(texts)} texts: ids differ {nid}, offsets differ {noff}, error mismatch {nerr}')
