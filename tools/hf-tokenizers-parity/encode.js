// node enc.js tokenizer.json in.jsonl out.jsonl  (each input line: JSON string or [a,b])
const fs=require('fs'); const {Tokenizer}=require('tokenizers');
const [tj,inp,out]=process.argv.slice(2);
const t=Tokenizer.fromFile(tj);
const lines=fs.readFileSync(inp,'utf8').split('\n').filter(l=>l.length);
(async()=>{ const res=[];
 for(const l of lines){ const x=JSON.parse(l); let e;
  try{ e = Array.isArray(x)? await t.encode(x[0],x[1]) : await t.encode(x); res.push(JSON.stringify({ids:e.getIds(),types:e.getTypeIds(),offsets:e.getOffsets()})); }
  catch(err){ res.push(JSON.stringify({error:String(err)})); } }
 fs.writeFileSync(out,res.join('\n')+'\n'); })();
