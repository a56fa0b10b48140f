// node mkjson.js vocab.txt out.json [lowercase] [strip_accents:null|true|false] [clean] [chinese] [prefix]
const fs=require('fs');
const [vocabPath,out,lc='true',sa='null',clean='true',zh='true',prefix='##']=process.argv.slice(2);
const lines=fs.readFileSync(vocabPath,'utf8').split('\n');
if(lines.length && lines[lines.length-1]==='') lines.pop();
const vocab={}; lines.forEach((l,i)=>{vocab[l.replace(/\s+$/u,'')]=i;});
const sp=['[PAD]','[UNK]','[CLS]','[SEP]','[MASK]'];
const tok={version:"1.0",truncation:null,padding:null,
 added_tokens:sp.filter(t=>t in vocab).map(t=>({id:vocab[t],content:t,single_word:false,lstrip:false,rstrip:false,normalized:false,special:true})),
 normalizer:{type:"BertNormalizer",clean_text:clean==='true',handle_chinese_chars:zh==='true',strip_accents:sa==='null'?null:sa==='true',lowercase:lc==='true'},
 pre_tokenizer:{type:"BertPreTokenizer"},
 post_processor:{type:"TemplateProcessing",single:[{SpecialToken:{id:"[CLS]",type_id:0}},{Sequence:{id:"A",type_id:0}},{SpecialToken:{id:"[SEP]",type_id:0}}],
  pair:[{SpecialToken:{id:"[CLS]",type_id:0}},{Sequence:{id:"A",type_id:0}},{SpecialToken:{id:"[SEP]",type_id:0}},{Sequence:{id:"B",type_id:1}},{SpecialToken:{id:"[SEP]",type_id:1}}],
  special_tokens:{"[CLS]":{id:"[CLS]",ids:[vocab['[CLS]']],tokens:["[CLS]"]},"[SEP]":{id:"[SEP]",ids:[vocab['[SEP]']],tokens:["[SEP]"]}}},
 decoder:{type:"WordPiece",prefix:prefix,cleanup:true},
 model:{type:"WordPiece",unk_token:"[UNK]",continuing_subword_prefix:prefix,max_input_chars_per_word:100,vocab}};
fs.writeFileSync(out,JSON.stringify(tok));
