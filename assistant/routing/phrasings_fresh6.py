"""Blind test set "fresh6" of user messages for the intent router (English + Korean).

It was written blind, from a brief that gave only the product description and the definitions of
the 23 intents. None of the router's code, its other phrasing sets, its case files or its tests were
looked at. The English and Korean families were each written on their own (the Korean ones are not
translations of the English ones). Every message is labelled by what the user means, read by the
intent definitions.

This file is for MEASURING the router only. Do not edit it to make the router pass: a message the
router gets wrong is a finding about the router, not a bug in this file. Do not use it as training or
tuning data either, or it stops being a blind measure.

Format:
    EN = [(family_id, intent, [variant, ...]), ...]
    KO = [... same, family ids "fresh6-ko-<name>" ...]

- family_id is unique; the variants of one family are one way of saying one thing, worded differently.
- intent is one of: faq, hardware, none, ask, inspect, train, train_go, recommend, change, confirm,
  status, status_failed, cancel, resume, explain, predict, predict_notext, label_issues, clean,
  compare, export, export_script, publish.
- A variant is a plain message string, or a tuple (message, args):
  * predict: args is a list of the texts to classify, each a verbatim substring of the message, or the
    string "file" when the user wants the whole uploaded file labelled. Every predict variant has args.
  * change: args is a dict of the settings the message states (keys among epochs, learning_rate,
    batch_size, max_length, lora_r, method, base_model), values exactly as stated. Every change
    variant has args.
  * inspect: optional args {"text_column": ..., "label_column": ...}, only when the message names the
    columns, names as written.
- "{file}" inside a message is replaced by the uploaded file's name.
"""

EN = [
    # ---------------------------------------------------------------- faq
    ("fresh6-en-faq-lora-methods", "faq", [
        "what's the difference between LoRA and full fine-tuning?",
        "is lora worse than full finetuning in general",
        "ELI5 how LoRA works",
        "Why would anyone use QLoRA instead of plain LoRA? Doesn't the 4-bit thing hurt quality?",
        "can you explain what the LoRA rank actually does",
        "lora vs qlora vs full - when does each one make sense",
    ]),
    ("fresh6-en-faq-overfitting", "faq", [
        "how do I know if a model is overfitting?",
        "what does it mean when val loss goes up but train loss keeps going down",
        "why does the loss usually go up again after a few epochs?",
        "is training for more epochs always better",
        "whats a typical number of epochs for fine tuning a text classifier",
        "overfitting vs underfitting, quick explanation pls",
    ]),
    ("fresh6-en-faq-metrics", "faq", [
        "what's the difference between accuracy and F1?",
        "what is macro F1",
        "why do people say accuracy is misleading on imbalanced data",
        "precision vs recall?? i always mix them up",
        "In general, what does a confusion matrix show?",
        "how much labelled data do you normally need before fine-tuning a classifier is worth it",
    ]),
    # ---------------------------------------------------------------- hardware
    ("fresh6-en-hardware", "hardware", [
        "do I have a GPU?",
        "can my laptop even train this? it's a macbook air m1 with 16gb",
        "is CUDA set up on this machine",
        "how much ram do i have",
        "will this run on my CPU or do I need a proper graphics card",
        "nvidia-smi says 'No devices were found' - does that mean this pc has no gpu?",
    ]),
    # ---------------------------------------------------------------- none
    ("fresh6-en-none-smalltalk", "none", [
        "hey",
        "thanks, that's really helpful!",
        "lol nice",
        "ok cool ttyl",
        "good morning :)",
        "you're awesome thx",
    ]),
    ("fresh6-en-none-offtopic", "none", [
        "what's the weather in Berlin tomorrow",
        "write me a short poem about autumn",
        "can you help me fix a CSS flexbox issue on my website",
        "who won the champions league last year?",
        "recommend me a good sci-fi book",
        "how do I make a sourdough starter",
    ]),
    # ---------------------------------------------------------------- ask
    ("fresh6-en-ask-fixit", "ask", [
        "fix it",
        "make it better",
        "do the thing",
        "can you sort this out?",
        "it's not right, change it",
        "help",
    ]),
    ("fresh6-en-ask-whatnow", "ask", [
        "what now?",
        "ok and?",
        "hmm what should i do",
        "next",
        "so... what happens now",
        "i'm lost",
    ]),
    # ---------------------------------------------------------------- inspect
    ("fresh6-en-inspect-overview", "inspect", [
        "can you take a look at {file} first?",
        "what's in my file",
        "how many rows and columns does it have",
        "check the label distribution",
        "is my data balanced?",
        "Before we do anything, give me a quick summary of the dataset.",
        "does my data look ok quality-wise? any empty rows or weird stuff in there?",
    ]),
    ("fresh6-en-inspect-columns", "inspect", [
        ("the text is in the 'review_body' column and the labels are in 'stars', can you check it",
         {"text_column": "review_body", "label_column": "stars"}),
        ("text column = comment, label column = category. analyse it",
         {"text_column": "comment", "label_column": "category"}),
        "which column should be the text? I'm not sure",
        ("use `utterance` as the text and `intent` as the label and tell me what you see",
         {"text_column": "utterance", "label_column": "intent"}),
        ("check the data, label col is sentiment", {"label_column": "sentiment"}),
        "does the file have a header row? I think the columns got shifted",
    ]),
    # ---------------------------------------------------------------- train
    ("fresh6-en-train-classifier", "train", [
        "fine-tune a model on this csv for sentiment",
        "I want to train a classifier on my customer reviews",
        "can you train something that sorts support tickets into categories using {file}",
        "i'd like to make my own spam detector from this data",
        "train a model to predict the label column from the text",
        "Hi! I'm new to this. I uploaded my tweets dataset and I'd like to build a model that tells "
        "positive from negative ones. Can we do that?",
    ]),
    ("fresh6-en-train-generation", "train", [
        "i want to fine tune a model that writes product descriptions from these examples",
        "can we train a chatbot on the Q&A pairs in {file}?",
        "teach a small model to answer like our support team using this jsonl",
        "finetune an llm on my data so it summarizes meeting notes",
        "Make a model that generates replies in our brand voice. The data is uploaded.",
    ]),
    # ---------------------------------------------------------------- train_go
    ("fresh6-en-traingo-justgo", "train_go", [
        "just start training",
        "run it now with the defaults",
        "skip the questions and train",
        "start the training right now please",
        "go go go, train it",
        "don't care about settings, just kick off the run",
    ]),
    ("fresh6-en-traingo-hurried", "train_go", [
        "ok enough talk, launch the training",
        "startt trainig now",
        "begin fine-tuning immediately, whatever you think is fine",
        "i dont have time just train it with whatever",
        "hit train",
        "start the run already",
    ]),
    # ---------------------------------------------------------------- recommend
    ("fresh6-en-recommend-settings", "recommend", [
        "what settings should I use for my data?",
        "how many epochs do you recommend for this dataset",
        "which base model would work best for my reviews",
        "what batch size should I pick? I have 8gb vram",
        "lora or qlora for my case?",
        "give me a plan for training on this",
    ]),
    ("fresh6-en-recommend-plan", "recommend", [
        "what would you suggest?",
        "I only have ~300 examples, what's the best approach for fine-tuning on them",
        "my texts are pretty long (like 2000 words each), what max length should i use",
        "recommend good defaults for this file",
        "what's the smartest setup given my data is in german",
        "can you propose a training config for {file}",
    ]),
    # ---------------------------------------------------------------- change
    ("fresh6-en-change-single", "change", [
        ("make it 5 epochs", {"epochs": 5}),
        ("use QLoRA instead", {"method": "qlora"}),
        ("learning rate 1e-4", {"learning_rate": 1e-4}),
        ("set batch size to 16", {"batch_size": 16}),
        ("can we bump the max length to 512?", {"max_length": 512}),
        ("lora rank 32 pls", {"lora_r": 32}),
        ("actually switch the base model to distilbert-base-uncased",
         {"base_model": "distilbert-base-uncased"}),
    ]),
    ("fresh6-en-change-multi", "change", [
        ("3 epochs and lr 2e-5", {"epochs": 3, "learning_rate": 2e-5}),
        ("change batch to 8, max len 256", {"batch_size": 8, "max_length": 256}),
        ("let's do full fine-tuning with 2 epochs instead", {"method": "full", "epochs": 2}),
        ("use roberta-base, r=16, 4 epochs", {"base_model": "roberta-base", "lora_r": 16, "epochs": 4}),
        ("Looks mostly fine, but drop the learning rate to 0.00005 and use batch size 4 since my GPU "
         "is small.", {"learning_rate": 0.00005, "batch_size": 4}),
        ("plain lora not qlora, and 10 epochs", {"method": "lora", "epochs": 10}),
    ]),
    # ---------------------------------------------------------------- confirm
    ("fresh6-en-confirm-short", "confirm", [
        "yes",
        "sounds good",
        "go ahead",
        "yep",
        "ok do it",
        "sure",
    ]),
    ("fresh6-en-confirm-longer", "confirm", [
        "yeah that plan looks fine to me",
        "Looks good, proceed.",
        "alright I trust you, use those settings",
        "yes please, those settings are great",
        "that works for me 👍",
        "perfect, let's go with what you proposed",
    ]),
    # ---------------------------------------------------------------- status
    ("fresh6-en-status-progress", "status", [
        "is it done yet?",
        "how far along is the training",
        "what's the current loss",
        "how much longer?",
        "eta?",
        "status",
        "still running?",
    ]),
    ("fresh6-en-status-waiting", "status", [
        "been waiting 20 min, any progress?",
        "is my model finished training or not",
        "the progress bar has been stuck at 63% for a while, is it still going?",
        "how many epochs has it done so far",
        "did the run finish while I was away?",
        "step 1200/3000 | loss 0.532 | lr 1.8e-05 -- that's what I see. how long is left?",
    ]),
    # ---------------------------------------------------------------- status_failed
    ("fresh6-en-failed-why", "status_failed", [
        "why did it fail?",
        "training crashed, what happened",
        "what was the error?",
        "it says failed. why??",
        "got 'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB' - what went wrong?",
        "the run stopped with an error, can you tell me what broke",
    ]),
    # ---------------------------------------------------------------- cancel
    ("fresh6-en-cancel-stop", "cancel", [
        "stop the training",
        "cancel",
        "abort the run",
        "kill it",
        "stop stop stop",
        "please halt the fine-tuning",
    ]),
    ("fresh6-en-cancel-reason", "cancel", [
        "oh no I picked the wrong file, cancel the training",
        "this is taking forever, just stop it",
        "can you stop the current run? I want to change the settings first",
        "i need my gpu back for a game, kill the training pls",
        "cancel the job its using 100% cpu",
    ]),
    # ---------------------------------------------------------------- resume
    ("fresh6-en-resume", "resume", [
        "resume training",
        "continue from the last checkpoint",
        "can you pick up where it left off?",
        "restart it from the checkpoint, not from scratch",
        "my laptop went to sleep and the run stopped, can we continue it?",
        "keep going with the run I stopped earlier",
    ]),
    # ---------------------------------------------------------------- explain
    ("fresh6-en-explain-metrics", "explain", [
        "what do these results mean?",
        "is 0.82 F1 good for my model?",
        "explain my results",
        "my accuracy is 91% but the macro f1 is 0.64, why the gap?",
        "which classes is it mixing up",
        "so is the model any good?",
    ]),
    ("fresh6-en-explain-curve", "explain", [
        "what does the loss graph tell us",
        "why did my validation loss go up at the end of the run?",
        "how can I improve these numbers",
        "the confusion matrix shows lots of 'neutral' predicted as 'positive' - what does that mean "
        "for my model?",
        "was that a good run or should i train more",
        "eval_loss 0.41 eval_accuracy 0.87 — explain pls",
    ]),
    # ---------------------------------------------------------------- predict
    ("fresh6-en-predict-texts", "predict", [
        ('classify: "the delivery was late and the box was crushed"',
         ["the delivery was late and the box was crushed"]),
        ("what would the model say about 'I absolutely love this phone'?",
         ["I absolutely love this phone"]),
        ("predict these:\n- refund not received after 2 weeks\n- great service, thanks!\n"
         "- app keeps crashing on login",
         ["refund not received after 2 weeks", "great service, thanks!", "app keeps crashing on login"]),
        ("label this one: worst customer support ever", ["worst customer support ever"]),
        ('run the model on "Can I change my shipping address?" and "where is my order"',
         ["Can I change my shipping address?", "where is my order"]),
        ("is this positive or negative: The food was okay but overpriced.",
         ["The food was okay but overpriced."]),
    ]),
    ("fresh6-en-predict-file", "predict", [
        ("label the whole file with the model", "file"),
        ("run predictions on {file}", "file"),
        ("can you classify all the rows in the new csv I uploaded", "file"),
        ("apply my trained model to every text in the file and give me the results", "file"),
        ("predict labels for the uploaded tsv", "file"),
        ("use the model to tag everything in {file} please", "file"),
    ]),
    # ---------------------------------------------------------------- predict_notext
    ("fresh6-en-predict-notext", "predict_notext", [
        "let me test it",
        "can I try the model?",
        "i want to see how it does on some of my own sentences",
        "how do I use my model on new text",
        "let's try it out",
        "I'd like to classify a few messages with it, how?",
    ]),
    # ---------------------------------------------------------------- label_issues
    ("fresh6-en-label-issues", "label_issues", [
        "find rows that look mislabelled",
        "are any of my labels wrong?",
        "i think some of the annotations are off, can you spot them",
        "show me examples where the label doesn't match the text",
        "check for labeling mistakes in {file}",
        "My intern labelled half of this and I don't trust it. Which rows are probably wrong?",
    ]),
    # ---------------------------------------------------------------- clean
    ("fresh6-en-clean", "clean", [
        "remove duplicates from my data",
        "clean up the file",
        "drop the empty rows and save a new csv",
        "can you normalise the labels? some are 'Positive' and some are 'pos'",
        "get rid of blank texts and duplicate rows please",
        "tidy up {file} into a clean version",
    ]),
    # ---------------------------------------------------------------- compare
    ("fresh6-en-compare", "compare", [
        "compare my two runs",
        "which run was better?",
        "was the second training better than the first one?",
        "run A vs run B",
        "how does the new model compare to yesterday's",
        "did changing the lr to 1e-4 actually help compared to before?",
    ]),
    # ---------------------------------------------------------------- export
    ("fresh6-en-export", "export", [
        "export the model",
        "how do I download my trained model",
        "save the merged weights",
        "can I get it as GGUF for ollama",
        "export to onnx pls",
        "i want to take the model home, give me the files",
    ]),
    # ---------------------------------------------------------------- export_script
    ("fresh6-en-export-script", "export_script", [
        "give me a colab notebook for this",
        "can I get the training script so I can run it on a GPU at work?",
        "export the code to rerun the training elsewhere",
        "generate a python script that reproduces this fine-tune",
        "i want to train on a rented gpu, give me a standalone script",
        "notebook version pls",
    ]),
    # ---------------------------------------------------------------- publish
    ("fresh6-en-publish", "publish", [
        "push it to the hugging face hub",
        "upload my model to HF",
        "publish the model with a model card",
        "can I share this on huggingface?",
        "put it on the hub under my account, public",
        "make a model card and push to hf hub",
    ]),
]

KO = [
    # ---------------------------------------------------------------- faq
    ("fresh6-ko-faq-concepts", "faq", [
        "LoRA가 뭐예요?",
        "파인튜닝이랑 프롬프트 엔지니어링 차이가 뭔가요",
        "QLoRA는 양자화를 한다는데 그럼 성능이 떨어지지 않나요?",
        "로라 rank는 보통 얼마로 잡아요?",
        "전체 파인튜닝 대신 LoRA 쓰는 이유가 뭐야",
        "어댑터 방식이 정확히 어떻게 동작하는 건지 설명 좀 해주세요",
    ]),
    ("fresh6-ko-faq-training", "faq", [
        "에폭이 뭐고 스텝이랑은 뭐가 달라요?",
        "learning rate 너무 크면 어떻게 돼요?",
        "배치 사이즈 키우면 보통 학습이 더 잘 되나요",
        "과적합은 어떻게 알아볼 수 있어요?",
        "검증 데이터는 왜 따로 떼어 두는 거예요",
        "일반적으로 분류 모델 학습하려면 데이터 몇 개 정도 있어야 돼?",
    ]),
    ("fresh6-ko-faq-metrics", "faq", [
        "F1 점수가 정확히 뭔가요?",
        "정밀도랑 재현율 차이 쉽게 설명해줘",
        "데이터 불균형일 때 정확도만 보면 안 되는 이유가 뭐예요",
        "macro f1이랑 weighted f1 차이?",
        "혼동행렬 보는 법 알려주세요",
        "loss 값은 낮을수록 무조건 좋은 건가요?",
    ]),
    # ---------------------------------------------------------------- hardware
    ("fresh6-ko-hardware", "hardware", [
        "제 컴퓨터에 GPU 있어요?",
        "이 노트북으로 학습 가능할까요? 그램 16인치고 램 16기가예요",
        "쿠다 설치돼 있는지 확인 좀",
        "내 pc 사양 좀 봐줘",
        "회사 컴이라 gpu가 있는지 모르겠는데 확인해 주실 수 있나요",
        "vram 몇 기가인지 알 수 있어?",
    ]),
    # ---------------------------------------------------------------- none
    ("fresh6-ko-none-greet", "none", [
        "안녕하세요",
        "감사합니다!",
        "ㅋㅋㅋ 대박",
        "수고하셨어요~",
        "고마워 덕분에 살았다",
        "내일 또 올게요 안녕히 계세요",
    ]),
    ("fresh6-ko-none-offtopic", "none", [
        "오늘 서울 날씨 어때?",
        "점심 메뉴 추천해줘",
        "엑셀 VLOOKUP 함수 쓰는 법 알려줘",
        "여자친구 생일 선물 뭐가 좋을까요",
        "자기소개서 좀 써줄 수 있어?",
        "주식 지금 사도 될까요",
    ]),
    # ---------------------------------------------------------------- ask
    ("fresh6-ko-ask-vague", "ask", [
        "이거 좀 고쳐줘",
        "더 좋게 만들어 주세요",
        "그거 해줘",
        "도와주세요",
        "뭔가 이상한데 손 좀 봐줘",
        "이거 어떻게 좀 해봐",
    ]),
    ("fresh6-ko-ask-whatnext", "ask", [
        "이제 뭐 해요?",
        "그 다음은?",
        "음.. 뭘 해야 되지",
        "그래서요?",
        "다음",
        "잘 모르겠어요 ㅠ",
    ]),
    # ---------------------------------------------------------------- inspect
    ("fresh6-ko-inspect-overview", "inspect", [
        "파일 좀 먼저 봐주세요",
        "{file} 어떻게 생겼는지 요약해줘",
        "데이터 몇 줄이에요?",
        "라벨 분포 확인해 주세요",
        "클래스별로 개수가 비슷한지 궁금해요",
        "올린 데이터 상태 괜찮은지 한번 점검해 줄래?",
    ]),
    ("fresh6-ko-inspect-columns", "inspect", [
        ("텍스트는 'document' 컬럼이고 라벨은 'label'이에요. 확인해 주세요",
         {"text_column": "document", "label_column": "label"}),
        ("본문 컬럼은 내용, 분류 컬럼은 카테고리입니다. 데이터 분석해 주세요",
         {"text_column": "내용", "label_column": "카테고리"}),
        "어떤 열이 텍스트인지 모르겠어요 봐주세요",
        ("민원내용 열을 텍스트로, 처리부서 열을 라벨로 보고 분포 좀 알려줘",
         {"text_column": "민원내용", "label_column": "처리부서"}),
        ("라벨 컬럼은 평점이야 데이터 좀 봐줘", {"label_column": "평점"}),
        "헤더가 깨진 것 같은데 컬럼 이름 제대로 읽혔는지 확인해 주세요",
    ]),
    # ---------------------------------------------------------------- train
    ("fresh6-ko-train-classify", "train", [
        "이 csv로 감성 분류 모델 만들고 싶어요",
        "쇼핑몰 리뷰 긍정 부정 분류기 학습시켜 주세요",
        "민원 데이터로 부서 자동 분류하는 모델 학습해 줄 수 있어?",
        "{file} 가지고 파인튜닝 하고 싶은데요",
        "욕설 댓글 걸러내는 모델 만들어줘",
        "안녕하세요 처음이라 잘 모르는데요, 콜센터 상담 기록을 유형별로 나누는 모델을 학습시키고 싶습니다.",
    ]),
    ("fresh6-ko-train-generation", "train", [
        "우리 회사 FAQ로 답변해주는 챗봇 모델 학습시키고 싶어요",
        "상품명 넣으면 상세페이지 문구 써주는 모델로 파인튜닝 해줘",
        "회의록 요약하는 모델 학습 가능해요? 데이터는 jsonl로 올렸어요",
        "이 질문-답변 쌍으로 LLM 미세조정 하고 싶습니다",
        "고객 문의에 우리 말투로 답장 생성하는 모델 만들어 주세요",
    ]),
    # ---------------------------------------------------------------- train_go
    ("fresh6-ko-traingo-now", "train_go", [
        "그냥 바로 학습 돌려",
        "기본값으로 지금 학습 시작해 주세요",
        "설정 상관없으니까 일단 돌려줘",
        "학습 ㄱㄱ",
        "바로 시작해줘 학습",
        "더 묻지 말고 훈련 시작하세요",
    ]),
    ("fresh6-ko-traingo-hurry", "train_go", [
        "시간 없어요 빨리 학습 시작해주세요",
        "걍 돌려 ㅋㅋ 학습",
        "이것저것 말고 지금 바로 파인튜닝 시작",
        "학습시작",
        "아 됐고 그냥 트레이닝 돌려줘",
        "지금당장 학습 돌려주세요 세팅은 나중에 고칠게요",
    ]),
    # ---------------------------------------------------------------- recommend
    ("fresh6-ko-recommend-settings", "recommend", [
        "제 데이터에는 어떤 설정이 좋을까요?",
        "에폭 몇으로 하는 게 좋아요? 이 데이터 기준으로요",
        "한국어 리뷰인데 베이스 모델 뭐 쓰는 게 나아요?",
        "배치 사이즈 얼마로 해야 돼? 내 데이터로",
        "LoRA랑 QLoRA 중에 저한테는 뭐가 맞을까요",
        "추천 설정 알려주세요",
    ]),
    ("fresh6-ko-recommend-plan", "recommend", [
        "어떻게 학습하면 좋을지 계획 좀 세워주세요",
        "데이터가 500개밖에 없는데 어떤 방식으로 하는 게 좋을까요",
        "문장이 꽤 긴 편인데 max length 얼마로 잡을까요",
        "{file} 기준으로 추천해 줘",
        "라벨이 12개나 되는데 이런 경우엔 어떤 세팅이 좋아?",
        "제 상황에 제일 맞는 방법 추천 부탁드립니다",
    ]),
    # ---------------------------------------------------------------- change
    ("fresh6-ko-change-single", "change", [
        ("에폭 5로 해주세요", {"epochs": 5}),
        ("QLoRA로 바꿔줘", {"method": "qlora"}),
        ("lr 3e-4로 변경", {"learning_rate": 3e-4}),
        ("배치 32로", {"batch_size": 32}),
        ("최대 길이 128로 줄여 주세요", {"max_length": 128}),
        ("로라 랭크 8로 낮춰줘", {"lora_r": 8}),
        ("베이스 모델은 klue/roberta-base로 해주세요", {"base_model": "klue/roberta-base"}),
    ]),
    ("fresh6-ko-change-multi", "change", [
        ("에폭 3, 배치 16으로 바꿔주세요", {"epochs": 3, "batch_size": 16}),
        ("학습률 0.0002로 하고 에폭은 2번만", {"learning_rate": 0.0002, "epochs": 2}),
        ("풀 파인튜닝으로 하고 max_length 512", {"method": "full", "max_length": 512}),
        ("좋은데 lora r 64로 올리고 lr은 1e-5로 해줘", {"lora_r": 64, "learning_rate": 1e-5}),
        ("모델은 beomi/KcELECTRA-base로, 에폭 4", {"base_model": "beomi/KcELECTRA-base", "epochs": 4}),
        ("qlora 말고 그냥 lora로 하고 배치는 8", {"method": "lora", "batch_size": 8}),
    ]),
    # ---------------------------------------------------------------- confirm
    ("fresh6-ko-confirm-short", "confirm", [
        "네",
        "ㅇㅇ",
        "넹",
        "좋아요",
        "ㅇㅋ",
        "네 그렇게 해주세요",
        "콜",
    ]),
    ("fresh6-ko-confirm-polite", "confirm", [
        "네 그 설정으로 진행해 주세요",
        "좋습니다. 그대로 가죠",
        "제안해주신 대로 할게요",
        "오 괜찮네 그걸로 하자",
        "그렇게 해 주시면 감사하겠습니다",
        "네네 그 계획 좋아요 진행 ㄱㄱ",
    ]),
    # ---------------------------------------------------------------- status
    ("fresh6-ko-status-progress", "status", [
        "다 됐어요?",
        "학습 얼마나 진행됐나요",
        "지금 loss 얼마야",
        "얼마나 더 걸려요?",
        "아직 돌아가고 있어?",
        "진행 상황 알려줘",
        "몇 퍼센트야",
    ]),
    ("fresh6-ko-status-waiting", "status", [
        "30분째 기다리는 중인데 언제 끝나요?",
        "화면에 '에폭 1/3' 이라고 떠 있는데 아직 한참 남은 거죠?",
        "학습 끝났나요? 자리 비웠다 왔어요",
        "지금 몇 에폭째예요",
        "진행바가 계속 멈춰 있는 것 같은데 돌아가는 중 맞아요?",
        "지금 어디까지 왔어",
    ]),
    # ---------------------------------------------------------------- status_failed
    ("fresh6-ko-failed-why", "status_failed", [
        "왜 실패했어요?",
        "학습이 중간에 죽었는데 무슨 에러예요",
        "에러 났다는데 원인이 뭐야",
        "'CUDA out of memory' 라고 뜨면서 멈췄어요. 뭐가 문제인가요?",
        "실패라고 나오는데 왜 그런지 알려주세요",
        "뭐가 잘못된 거예요? 빨간 글씨 뜨고 끝났어요",
    ]),
    # ---------------------------------------------------------------- cancel
    ("fresh6-ko-cancel-stop", "cancel", [
        "학습 멈춰",
        "취소해 주세요",
        "중단",
        "그만 돌려",
        "트레이닝 중지해줘",
        "지금 돌아가는 학습 꺼주세요",
    ]),
    ("fresh6-ko-cancel-reason", "cancel", [
        "파일 잘못 올렸어요 ㅠㅠ 학습 취소해주세요",
        "너무 오래 걸려서 그냥 중단할래요",
        "설정 다시 바꾸고 싶으니까 일단 학습 멈춰줘",
        "컴퓨터가 너무 느려져서 그런데 학습 좀 중지해 주실래요",
        "이거 취소하고 싶은데 어떻게 해요? 지금 당장요",
    ]),
    # ---------------------------------------------------------------- resume
    ("fresh6-ko-resume", "resume", [
        "이어서 학습해 주세요",
        "체크포인트부터 다시 시작해줘",
        "멈춘 데서부터 계속 돌려",
        "처음부터 말고 중단된 지점부터 이어서 할 수 있나요?",
        "노트북 덮었더니 학습이 멈췄어요 이어서 가능해요?",
        "아까 중지한 학습 재개해줘",
    ]),
    # ---------------------------------------------------------------- explain
    ("fresh6-ko-explain-metrics", "explain", [
        "결과가 무슨 뜻이에요?",
        "정확도 0.78이면 괜찮은 건가요?",
        "제 모델 결과 설명해 주세요",
        "f1이 왜 정확도보다 이렇게 낮아?",
        "어떤 클래스끼리 헷갈려 해요?",
        "이 정도면 실제로 써도 될까요?",
    ]),
    ("fresh6-ko-explain-curve", "explain", [
        "loss 그래프 해석 좀 해주세요",
        "검증 loss가 마지막에 올라갔는데 이거 왜 그래요?",
        "성능 더 올리려면 뭘 바꿔야 할까요",
        "'중립'을 자꾸 '긍정'으로 예측하던데 무슨 의미야",
        "eval_accuracy 0.91 eval_f1 0.74 이게 좋은 거야 나쁜 거야",
        "학습 끝났는데 결과 좀 풀어서 설명해줄래?",
    ]),
    # ---------------------------------------------------------------- predict
    ("fresh6-ko-predict-texts", "predict", [
        ("이 문장 분류해줘: 배송이 너무 늦어요", ["배송이 너무 늦어요"]),
        ("'가격 대비 품질 최고입니다' 이건 뭐로 나와요?", ["가격 대비 품질 최고입니다"]),
        ("다음 문장들 예측해 주세요\n1. 환불은 언제 되나요\n2. 직원분이 친절했어요\n3. 앱이 자꾸 꺼져요",
         ["환불은 언제 되나요", "직원분이 친절했어요", "앱이 자꾸 꺼져요"]),
        ('"주차장이 너무 좁아요" 긍정이야 부정이야?', ["주차장이 너무 좁아요"]),
        ("모델로 돌려봐: 재구매 의사 있습니다", ["재구매 의사 있습니다"]),
        ('이거 두 개 라벨 뭐 나오는지 봐줘 - "비밀번호를 잊어버렸어요", "요금제 변경하고 싶어요"',
         ["비밀번호를 잊어버렸어요", "요금제 변경하고 싶어요"]),
    ]),
    ("fresh6-ko-predict-file", "predict", [
        ("올린 파일 전체 분류해 주세요", "file"),
        ("{file}에 있는 문장들 다 예측 돌려줘", "file"),
        ("새로 올린 csv 전부 라벨 붙여줘", "file"),
        ("학습한 모델로 이 파일 전체 태깅해 주실 수 있나요?", "file"),
        ("파일 통째로 예측해서 결과 뽑아줘", "file"),
    ]),
    # ---------------------------------------------------------------- predict_notext
    ("fresh6-ko-predict-notext", "predict_notext", [
        "모델 테스트해 보고 싶어요",
        "한번 써봐도 돼요?",
        "제가 문장 몇 개 넣어보고 싶은데요",
        "새 문장 분류하려면 어떻게 해요?",
        "모델 잘 되는지 직접 시험해볼래",
        "이제 예측 해볼 수 있어?",
    ]),
    # ---------------------------------------------------------------- label_issues
    ("fresh6-ko-label-issues", "label_issues", [
        "라벨 잘못 달린 행 찾아주세요",
        "라벨링 실수한 거 있는지 봐줘",
        "알바생들이 라벨링 한 건데 틀린 거 좀 골라낼 수 있어요?",
        "텍스트랑 라벨이 안 맞는 데이터 있나요?",
        "오라벨 의심되는 샘플 보여줘",
        "{file}에서 라벨이 이상한 것들 찾아 주세요",
    ]),
    # ---------------------------------------------------------------- clean
    ("fresh6-ko-clean", "clean", [
        "중복 행 제거해 주세요",
        "데이터 정리 좀 해줘",
        "빈 줄 지우고 새 파일로 저장해주세요",
        "라벨이 '긍정', '긍정 ', 'pos' 이렇게 섞여 있는데 하나로 통일해 줘",
        "공백만 있는 텍스트랑 중복 다 빼고 깨끗한 버전 만들어 주세요",
        "전처리해서 정리된 csv로 줘",
    ]),
    # ---------------------------------------------------------------- compare
    ("fresh6-ko-compare", "compare", [
        "두 번 돌린 거 비교해 주세요",
        "어느 학습이 더 나았어요?",
        "아까 거랑 지금 거 성능 차이 어때?",
        "1차 vs 2차 학습 결과",
        "에폭 늘린 게 효과가 있었나요? 이전 런이랑 비교해서요",
        "어제 모델이랑 오늘 모델 중에 뭐가 나아",
    ]),
    # ---------------------------------------------------------------- export
    ("fresh6-ko-export", "export", [
        "모델 내보내기 해주세요",
        "학습된 모델 다운로드 어떻게 받아요?",
        "병합된 가중치로 저장해줘",
        "올라마에서 쓰고 싶은데 GGUF로 뽑아줄 수 있어요?",
        "onnx로 변환해서 저장",
        "모델 파일 제 컴퓨터에 저장하고 싶어요",
    ]),
    # ---------------------------------------------------------------- export_script
    ("fresh6-ko-export-script", "export_script", [
        "코랩 노트북으로 만들어 주세요",
        "학습 코드 좀 받을 수 있을까요? 회사 GPU 서버에서 돌리려고요",
        "똑같이 다시 학습할 수 있는 파이썬 스크립트 줘",
        "이 설정 그대로 다른 데서 돌릴 수 있게 코드로 뽑아줘",
        "colab에서 돌릴 수 있는 버전 있어요?",
        "스크립트 내보내기",
    ]),
    # ---------------------------------------------------------------- publish
    ("fresh6-ko-publish", "publish", [
        "허깅페이스 허브에 올려주세요",
        "HF에 모델 업로드 해줘",
        "모델 카드랑 같이 공개해 주세요",
        "허깅페이스에 공유하고 싶은데 가능해요?",
        "내 hf 계정에 비공개로 푸시해줘",
        "모델 카드 작성해서 hub에 push",
    ]),
]
