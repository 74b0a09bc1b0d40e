"""Blind test set "fresh5" of English and Korean user messages for the intent router.

Written blind from the brief (notes/BRIEF_fresh5.md) only: the writer did not see the router, its
other phrasing sets, its cases or its tests. This set is for MEASURING the router and is never used
for training or tuning. Do not edit messages to make the router pass; if the router gets one wrong,
that is the measurement.

Format: two lists, ``EN`` and ``KO``, of families ``(family_id, intent, variants)``.
- family_id: ``"fresh5-en-<name>"`` / ``"fresh5-ko-<name>"``, unique.
- intent: one of the 23 router intents.
- variants: 4-7 messages. A variant is a plain string or a tuple ``(message, args)``:
  * ``predict``: args = list of the texts to classify, exactly as they appear in the message, or
    ``"file"`` when the user wants the whole uploaded file labelled;
  * ``change``: args = dict of the settings stated (keys among epochs, learning_rate, batch_size,
    max_length, lora_r, method, base_model);
  * ``inspect``: optional args ``{"text_column": ..., "label_column": ...}`` when columns are named.
- ``"{file}"`` in a message is replaced by the uploaded file's name.

The Korean families were written separately, not translated from the English ones.
"""

EN = [
    # ------------------------------------------------------------------ faq
    ("fresh5-en-faq-basics", "faq", [
        "what does it mean when people say a model is overfitting?",
        "quick q: is LoRA the same thing as fine-tuning or is it something different",
        "Can you explain what an epoch actually is? I keep seeing the word everywhere",
        "whats the difference between precision and recall, in plain english",
        "how do people usually decide how many epochs to train for?",
        "what is a learning rate and why does every tutorial use such tiny numbers",
    ]),
    ("fresh5-en-faq-traps", "faq", [
        "in general, why would someone want to clean a dataset before training?",
        "what does a 'balanced' dataset even mean?",
        "if you cancel a training run halfway, is everything usually lost, or how does that work?",
        "what is GGUF and why do people export models to it?",
        "how does a classifier predict labels for text it has never seen? like conceptually",
        "Why are duplicate rows considered bad for training data?",
        "when a tutorial says 'explain your results', what metrics do people normally report?",
    ]),
    ("fresh5-en-faq-methods", "faq", [
        "QLoRA vs full fine-tuning, what's the tradeoff?",
        "is a bigger base model always better?",
        "what's a validation split for",
        "what does the F1 score tell you that accuracy doesn't?",
        "how does experiment tracking work in general, like wandb or mlflow?",
        "Sorry if this is a dumb question but what's a tokenizer and what does max length have to do with it",
    ]),
    # ------------------------------------------------------------- hardware
    ("fresh5-en-hardware", "hardware", [
        "do I have a GPU on this thing?",
        "how much RAM does my machine have? will it be enough",
        "can my laptop actually handle training or is it going to melt lol",
        "is CUDA available here",
        "how many CPU cores am I working with",
        "I'm on an old ThinkPad with 8GB, is my computer going to be a problem for training?",
    ]),
    # ----------------------------------------------------------------- none
    ("fresh5-en-none-smalltalk", "none", [
        "hey there",
        "thanks, that was really helpful!",
        "good morning :)",
        "lol ok you're pretty smart",
        "cool, appreciate it",
        "bye for now, have a good one",
    ]),
    ("fresh5-en-none-offtopic", "none", [
        "what's the weather going to be like in Berlin tomorrow?",
        "write me a short poem about my cat",
        "can you give me a recipe for banana bread",
        "how do I center a div in CSS",
        "tell me a joke",
        "who won the football game last night",
    ]),
    # ------------------------------------------------------------------ ask
    ("fresh5-en-ask-short", "ask", [
        "fix it",
        "make it better pls",
        "can you do the thing",
        "help",
        "just sort it out",
        "change it",
    ]),
    ("fresh5-en-ask-longer", "ask", [
        "something's off, can you handle it?",
        "do whatever you think is right with it",
        "it's not good enough, improve it",
        "can you update that",
        "do the usual",
        "ok deal with it please",
    ]),
    # -------------------------------------------------------------- inspect
    ("fresh5-en-inspect-basic", "inspect", [
        "how many rows are in my file?",
        "check {file} for me",
        "what columns does this csv have",
        "can you take a look at the data I just uploaded",
        "is my dataset balanced or is one label way more common?",
        "are there duplicates in {file}?",
    ]),
    ("fresh5-en-inspect-context", "inspect", [
        ("the text is in the 'review' column and the label is 'sentiment', can you look at it?",
         {"text_column": "review", "label_column": "sentiment"}),
        ("check the data: text column is body, label column is category",
         {"text_column": "body", "label_column": "category"}),
        "I got this export from our support system last week, it's kind of messy and I'm not sure "
        "it's even usable. Can you tell me what's in it and whether it looks OK?",
        "whats the label distribution look like",
        "is the data ok? any empty rows?",
        "give me a quick summary of {file}",
    ]),
    # ---------------------------------------------------------------- train
    ("fresh5-en-train-task", "train", [
        "I want to fine-tune a model to classify my customer reviews",
        "can you train something on this csv so it can tell spam from not spam?",
        "teach a model to sort my support tickets by topic",
        "i'd like to build a sentiment classifier with my data",
        "so I have about 2000 labelled tweets in {file}. my boss wants a model that flags the angry "
        "ones. can you fine-tune one for me?",
        "make me a model from this spreadsheet that predicts the category",
    ]),
    ("fresh5-en-train-plain", "train", [
        "Let's fine-tune something on {file}",
        "train a classifier on my data please",
        "I need a model that learns from these emails which ones are urgent",
        "could you set up fine-tuning for my dataset? first time doing this",
        "ok can we train a model on this, and also how long will it take?",
        "fine tune a text classifier on my product reviews",
    ]),
    # ------------------------------------------------------------- train_go
    ("fresh5-en-train-go-short", "train_go", [
        "just start training",
        "go ahead and start it now, no more questions",
        "start it",
        "kick off the training",
        "hit go",
        "launch the run now please",
    ]),
    ("fresh5-en-train-go-impatient", "train_go", [
        "enough talking, train it",
        "start the fine-tuning right away",
        "begin training now",
        "ok just run the training, I'll look at the settings later",
        "fire it up",
        "i'm in a hurry, start training immediately",
    ]),
    # ------------------------------------------------------------ recommend
    ("fresh5-en-recommend-settings", "recommend", [
        "which base model would you pick for my data?",
        "what settings should I use?",
        "LoRA or QLoRA for my file, what do you think?",
        "any recommendations for epochs and learning rate given how big my dataset is?",
        "I only have like 300 rows, what would you suggest?",
        "what's the best model for my tickets?",
    ]),
    ("fresh5-en-recommend-advice", "recommend", [
        "what would you recommend for my laptop and this csv",
        "should I go with a small model or a bigger one in my case",
        "suggest a good config for me",
        "I have no idea what to pick here, can you advise on the setup?",
        "what batch size makes sense for my data",
    ]),
    # --------------------------------------------------------------- change
    ("fresh5-en-change-numbers", "change", [
        ("make it 3 epochs", {"epochs": 3}),
        ("lower the learning rate to 1e-5", {"learning_rate": 1e-5}),
        ("batch size 8 please", {"batch_size": 8}),
        ("switch to qlora", {"method": "qlora"}),
        ("can we do 10 epochs and batch size 32?", {"epochs": 10, "batch_size": 32}),
        ("set max length to 128", {"max_length": 128}),
    ]),
    ("fresh5-en-change-mixed", "change", [
        ("rank 16 for the lora adapter", {"lora_r": 16}),
        ("I'd rather train all the weights, not just an adapter", {"method": "full"}),
        ("use distilbert-base-uncased instead", {"base_model": "distilbert-base-uncased"}),
        ("lr 5e-5, 4 epochs", {"learning_rate": 5e-5, "epochs": 4}),
        ("actually make the max len 512 and batch 4", {"max_length": 512, "batch_size": 4}),
        ("go with full fine-tuning instead of LoRA", {"method": "full"}),
        ("hmm that's a lot of epochs, just do 2", {"epochs": 2}),
    ]),
    # -------------------------------------------------------------- confirm
    ("fresh5-en-confirm-short", "confirm", [
        "yes",
        "yep, do it",
        "sounds good, go for it",
        "sure thing",
        "ok let's go",
        "yes please start",
    ]),
    ("fresh5-en-confirm-approve", "confirm", [
        "that works for me",
        "looks fine, proceed",
        "alright, yes",
        "perfect, go",
        "yeah that's fine",
        "approved 👍",
    ]),
    # --------------------------------------------------------------- status
    ("fresh5-en-status-progress", "status", [
        "is it done yet?",
        "how far along is the training",
        "how much longer?",
        "what's the loss at right now",
        "progress?",
        "still running?",
    ]),
    ("fresh5-en-status-checkin", "status", [
        "which epoch is it on",
        "any update on my run",
        "how's the training going so far",
        "ETA?",
        "I went to make coffee, did it finish while I was gone?",
        "is it still queued or did it start",
    ]),
    # -------------------------------------------------------- status_failed
    ("fresh5-en-status-failed", "status_failed", [
        "why did it fail?",
        "what went wrong with the training",
        "it says failed, what's the error",
        "the run crashed, what happened?",
        "can you show me the error message from the failed run",
        "ugh, it broke again. what's the reason?",
    ]),
    # --------------------------------------------------------------- cancel
    ("fresh5-en-cancel-short", "cancel", [
        "stop the training",
        "cancel it",
        "abort the run please",
        "kill it, I picked the wrong file",
        "stop stop stop, wrong settings",
        "halt training now",
    ]),
    ("fresh5-en-cancel-reason", "cancel", [
        "please cancel the current run, it's taking forever",
        "I don't want this run anymore, stop it",
        "can you terminate the training job",
        "STOP",
        "end the training, I'll start over later",
    ]),
    # --------------------------------------------------------------- resume
    ("fresh5-en-resume", "resume", [
        "resume the training",
        "continue from where it stopped",
        "can you pick it back up from the last checkpoint?",
        "keep going with the run I cancelled",
        "restart it from where it left off, not from scratch",
        "unpause the training",
    ]),
    # -------------------------------------------------------------- explain
    ("fresh5-en-explain-howdid", "explain", [
        "how did it do?",
        "what's the accuracy of my model",
        "which classes does it confuse",
        "is it better than the baseline?",
        "show me the loss curve",
        "so are these results good or bad for my model?",
    ]),
    ("fresh5-en-explain-numbers", "explain", [
        "what does an F1 of 0.71 mean for my model",
        "walk me through the results",
        "it finished! how good is it?",
        "which labels is my model worst at",
        "can you break down the evaluation numbers from my run",
        "did the training work well?",
    ]),
    # -------------------------------------------------------------- predict
    ("fresh5-en-predict-texts", "predict", [
        ("try it on: the delivery was two weeks late", ["the delivery was two weeks late"]),
        ('classify "I love this phone, best purchase ever"', ["I love this phone, best purchase ever"]),
        ("what label does it give 'refund not processed after 3 weeks'?",
         ["refund not processed after 3 weeks"]),
        ('test these: "great service" and "never coming back"', ["great service", "never coming back"]),
        ("run the model on this sentence: The app keeps crashing when I open settings",
         ["The app keeps crashing when I open settings"]),
        ("predict: 'meh, it was fine I guess'", ["meh, it was fine I guess"]),
    ]),
    ("fresh5-en-predict-file", "predict", [
        ("label the whole file with the model", "file"),
        ("can you run the trained model over {file} and give me the predictions", "file"),
        ("tag every row in my new csv", "file"),
        ('what does my model think of "where is my order??"', ["where is my order??"]),
        ('try these three: "too expensive", "works as described", "stopped charging after a week"',
         ["too expensive", "works as described", "stopped charging after a week"]),
        ("apply the classifier to the uploaded spreadsheet", "file"),
    ]),
    # ------------------------------------------------------- predict_notext
    ("fresh5-en-predict-notext", "predict_notext", [
        "let me try the model",
        "can I test it out?",
        "I want to play with my trained model",
        "I want to give it some examples and see what it says",
        "test the model",
        "can I see it in action?",
    ]),
    # --------------------------------------------------------- label_issues
    ("fresh5-en-label-issues", "label_issues", [
        "find rows that look mislabeled",
        "are any of my labels wrong?",
        "can you spot examples where the label doesn't match the text",
        "I think some of our annotators messed up, can you check which rows are wrongly labelled",
        "look for label errors in {file}",
        "find suspicious labels",
    ]),
    # ---------------------------------------------------------------- clean
    ("fresh5-en-clean", "clean", [
        "clean up my data",
        "remove the duplicate rows",
        "drop empty rows from {file}",
        "apply the label fixes I reviewed",
        "get rid of the dupes and blank lines please",
        "can you tidy the dataset before we train",
    ]),
    # -------------------------------------------------------------- compare
    ("fresh5-en-compare", "compare", [
        "compare my two runs",
        "which run was better, the first or second?",
        "did cleaning the data actually help? compare before and after",
        "run 1 vs run 3 please",
        "put the results of my runs side by side",
        "is the new model better than the one I trained yesterday?",
    ]),
    # --------------------------------------------------------------- export
    ("fresh5-en-export", "export", [
        "export the model",
        "I want to download my fine-tuned model",
        "can I get it as GGUF for ollama?",
        "save it as ONNX",
        "merge the adapter and give me the full model",
        "give me a download link for the trained model",
    ]),
    # -------------------------------------------------------- export_script
    ("fresh5-en-export-script", "export_script", [
        "give me a training script I can run on colab",
        "can you make a notebook so I can rerun this on a GPU",
        "export the training code",
        "I want a standalone python script that does this same fine-tune",
        "my friend has a GPU, can I get a script to train it on his machine?",
        "generate a colab notebook for this run",
    ]),
    # -------------------------------------------------------------- publish
    ("fresh5-en-publish", "publish", [
        "push it to hugging face",
        "upload my model to the hub",
        "can you publish this model with a model card?",
        "share it on HF under my account",
        "write a model card and put it on huggingface",
        "make the model public on the hub",
    ]),
]

KO = [
    # ------------------------------------------------------------------ faq
    ("fresh5-ko-faq-basics", "faq", [
        "LoRA가 정확히 뭐예요? 그냥 파인튜닝이랑 다른 건가요",
        "에폭이 너무 많으면 어떻게 돼?",
        "과적합이 뭔지 쉽게 설명좀",
        "learning rate는 보통 얼마로 잡아요?",
        "QLoRA는 LoRA랑 뭐가 달라요? 메모리 덜 먹는다던데",
        "파인튜닝하면원래모델은어떻게되는거임",
    ]),
    ("fresh5-ko-faq-traps", "faq", [
        "데이터가 불균형하다는 게 무슨 뜻인가요?",
        "중복 데이터가 있으면 왜 안좋은거야?",
        "학습 중간에 취소하면 보통 처음부터 다시 해야 되나요?",
        "GGUF로 내보내기 한다는게 무슨말이에요",
        "모델이 예측할 때 확률값은 어떻게 나오는 거예요?",
        "데이터 정제(cleaning)는 일반적으로 어떤 작업들을 말합니까?",
        "결과 볼 때 F1이랑 accuracy 중에 뭘 봐야 돼요? 일반적으로요",
    ]),
    ("fresh5-ko-faq-concepts", "faq", [
        "배치 사이즈 크면 뭐가 좋아요?",
        "검증셋은 왜 따로 떼어놓는 거예요",
        "토크나이저가 뭐야",
        "베이스모델 크면 무조건 좋은건가요?",
        "실험 트래킹이 뭔가요? wandb 같은 거요",
        "max length 줄이면 성능 떨어지나요",
    ]),
    # ------------------------------------------------------------- hardware
    ("fresh5-ko-hardware", "hardware", [
        "내 노트북에 GPU 있어?",
        "램 몇기가인지 확인해줄 수 있어요?",
        "제 컴으로 학습 돌릴 수 있을까요? 맥북 에어인데",
        "cuda 잡혀있나요",
        "코어 몇개임",
        "이 컴퓨터 사양으로 파인튜닝 가능한지 봐주세요",
    ]),
    # ----------------------------------------------------------------- none
    ("fresh5-ko-none-greet", "none", [
        "안녕하세요~",
        "감사합니다!!",
        "ㅋㅋㅋ 고마워",
        "수고하셨어요",
        "ㅎㅇ",
        "오 대박 신기하다",
    ]),
    ("fresh5-ko-none-offtopic", "none", [
        "오늘 서울 날씨 어때",
        "점심 메뉴 추천해줘",
        "엄마 생신인데 축하 문자 좀 써줘",
        "김치찌개 레시피 알려주세요",
        "파이썬으로 엑셀 파일 여러개 합치는 코드 짜줘",
        "심심한데 재밌는 얘기 해줘",
    ]),
    # ------------------------------------------------------------------ ask
    ("fresh5-ko-ask-short", "ask", [
        "이거 좀 고쳐줘",
        "알아서 해줘",
        "도와주세요",
        "더 좋게 만들어줘",
        "그거 해줘 그거",
        "바꿔줘",
    ]),
    ("fresh5-ko-ask-vague", "ask", [
        "뭔가 이상한데 손 좀 봐줄래요?",
        "이거 어떻게 좀 해봐",
        "좀 수정해주세요",
        "이대로는 안될거같아요 개선해주세요",
        "처리해줘",
        "적당히 맞춰줘",
    ]),
    # -------------------------------------------------------------- inspect
    ("fresh5-ko-inspect-basic", "inspect", [
        "내 파일 몇 줄이야?",
        "{file} 좀 봐줘",
        "컬럼 뭐뭐 있어요?",
        "업로드한 데이터 확인 부탁드립니다",
        "라벨 분포 어떻게 돼요? 한쪽으로 쏠려있나",
        "데이터에 빈칸있는지 확인해줘",
    ]),
    ("fresh5-ko-inspect-context", "inspect", [
        ("텍스트는 content 컬럼이고 라벨은 label 컬럼이에요. 데이터 한번 봐주세요",
         {"text_column": "content", "label_column": "label"}),
        ("review_text가 본문이고 rating이 라벨인데 데이터 괜찮은지 체크좀",
         {"text_column": "review_text", "label_column": "rating"}),
        "회사에서 받은 상담 로그 엑셀을 csv로 바꿔서 올렸는데요, 형식이 맞는지 모르겠어요. "
        "이 데이터 쓸 수 있는 상태인지 먼저 봐주실래요?",
        "중복된 행 있나요?",
        "데이터 균형 맞아?",
        "{file}에 뭐 들어있는지 요약해줘",
        "데이터괜찮은지봐줘",
    ]),
    # ---------------------------------------------------------------- train
    ("fresh5-ko-train-task", "train", [
        "이 데이터로 감정 분류 모델 만들고 싶어요",
        "리뷰 긍정 부정 나누는 모델 학습시켜줘",
        "csv 올렸는데 이걸로 파인튜닝 해주세요",
        "스팸 문자 걸러내는 분류기 하나 만들어줄 수 있어?",
        "우리 쇼핑몰 문의글 카테고리 자동분류하는 모델 학습 시키고싶은데 가능할까요",
        "{file}로 모델 훈련시켜줘",
    ]),
    ("fresh5-ko-train-plain", "train", [
        "모델학습시켜줘",
        "이걸로 분류 모델 파인튜닝 부탁드립니다",
        "제 데이터로 모델을 훈련하고자 합니다",
        "뉴스 기사 주제별로 분류하는 거 학습시키고 싶음",
        "파인튜닝 한번 해보고 싶은데 이 파일로 해주세요. 그리고 시간 얼마나 걸려요?",
        "민원 데이터 모았는데 이걸로 긴급/일반 나누는 모델 fine-tuning 하고 싶습니다",
    ]),
    # ------------------------------------------------------------- train_go
    ("fresh5-ko-train-go-short", "train_go", [
        "그냥 바로 학습 시작해",
        "ㄱㄱ 돌려",
        "지금 바로 학습 돌려주세요",
        "더 묻지말고 시작해줘",
        "트레이닝 시작!",
        "빨리 돌려봐",
    ]),
    ("fresh5-ko-train-go-now", "train_go", [
        "설정은 나중에 보고 일단 학습부터 돌려주세요",
        "학습 개시해 주십시오",
        "gkrtmq 바로 시작해줘",
        "바로 트레이닝 고",
        "이제 학습시작ㄱ",
        "시간 없어요 당장 학습 시작해주세요",
    ]),
    # ------------------------------------------------------------ recommend
    ("fresh5-ko-recommend-model", "recommend", [
        "제 데이터엔 어떤 모델이 좋을까요?",
        "설정 뭐로 하면 돼?",
        "LoRA랑 QLoRA 중에 제 경우엔 뭐가 나아요?",
        "데이터가 500개밖에 없는데 epoch이랑 lr 어떻게 잡는게 좋을까요",
        "추천 세팅 알려줘",
        "베이스 모델 뭐 쓰는게 좋을지 골라주세요",
    ]),
    ("fresh5-ko-recommend-situation", "recommend", [
        "한국어 리뷰 데이터인데 어떤 베이스모델 추천하세요?",
        "노트북 cpu로 돌릴건데 제 데이터 기준으로 적당한 설정 좀 잡아주세요",
        "배치사이즈 몇으로 하는게 좋을까",
        "처음이라 뭘 골라야할지 모르겠어요 추천해주세요",
        "이 데이터엔 full 파인튜닝이 나아 lora가 나아?",
    ]),
    # --------------------------------------------------------------- change
    ("fresh5-ko-change-numbers", "change", [
        ("에폭 5로 바꿔줘", {"epochs": 5}),
        ("lr 3e-5로 해주세요", {"learning_rate": 3e-5}),
        ("배치 16으로", {"batch_size": 16}),
        ("qlora로 해줘", {"method": "qlora"}),
        ("에폭은 2번만 하고 배치사이즈는 8로 해주세요", {"epochs": 2, "batch_size": 8}),
        ("max length 384로 줄여줘", {"max_length": 384}),
    ]),
    ("fresh5-ko-change-mixed", "change", [
        ("러닝레이트 0.0001로 낮춰주세요", {"learning_rate": 0.0001}),
        ("로라 랭크 8로 해줘", {"lora_r": 8}),
        ("전체 가중치 다 학습하는 걸로 바꿔요", {"method": "full"}),
        ("klue/roberta-base로 바꿔서 해주세요", {"base_model": "klue/roberta-base"}),
        ("epoch 10 batch 32 lr 2e-5", {"epochs": 10, "batch_size": 32, "learning_rate": 2e-5}),
        ("에폭 너무 많은거같은데 3으로 줄여", {"epochs": 3}),
        ("lora말고 풀파인튜닝으로", {"method": "full"}),
    ]),
    # -------------------------------------------------------------- confirm
    ("fresh5-ko-confirm-short", "confirm", [
        "네",
        "ㅇㅇ",
        "좋아요 그렇게 해주세요",
        "ㄱㄱ",
        "응 시작해",
        "오케이",
    ]),
    ("fresh5-ko-confirm-agree", "confirm", [
        "넵 진행해주세요",
        "그대로 가시죠",
        "좋습니다. 그렇게 진행해 주십시오",
        "웅 좋아",
        "콜",
        "그래 그걸로 해",
    ]),
    # --------------------------------------------------------------- status
    ("fresh5-ko-status-progress", "status", [
        "다 됐어?",
        "학습 얼마나 진행됐어요?",
        "얼마나 남았나요",
        "지금 loss 몇이야",
        "아직 돌아가는 중?",
        "진행상황 알려줘",
    ]),
    ("fresh5-ko-status-checkin", "status", [
        "지금 몇 에폭째예요?",
        "밥먹고 왔는데 끝났나요?",
        "아직 대기중이야 아니면 시작했어?",
        "언제끝나",
        "학습 잘 되고 있나요? loss 떨어지고 있어요?",
        "진행률 몇퍼",
    ]),
    # -------------------------------------------------------- status_failed
    ("fresh5-ko-status-failed", "status_failed", [
        "왜 실패했어?",
        "학습 실패라고 뜨는데 이유가 뭐예요",
        "에러 났는데 뭐가 문제야",
        "failed 떴어요 ㅠㅠ 원인 좀 알려주세요",
        "왜 멈췄지? 에러 메시지 보여줘",
        "또 터졌네 뭐때문이야",
    ]),
    # --------------------------------------------------------------- cancel
    ("fresh5-ko-cancel-short", "cancel", [
        "학습 멈춰",
        "취소해줘",
        "중단해 주세요",
        "그만 돌려",
        "잠깐 스탑 스탑",
        "지금 돌고있는거 꺼줘",
    ]),
    ("fresh5-ko-cancel-reason", "cancel", [
        "파일 잘못 올렸어요 학습 취소해주세요",
        "너무 오래 걸리네 그냥 중지해",
        "학습 중단 부탁드립니다",
        "이번 run은 취소할게요",
        "멈춰멈춰",
        "stop 해줘",
    ]),
    # --------------------------------------------------------------- resume
    ("fresh5-ko-resume", "resume", [
        "이어서 학습해줘",
        "멈춘 데부터 다시 이어서 해주세요",
        "체크포인트에서 재개해줘",
        "아까 중단한 거 계속 돌려",
        "처음부터 말고 이어서 해줘요",
        "학습 재개",
    ]),
    # -------------------------------------------------------------- explain
    ("fresh5-ko-explain-howdid", "explain", [
        "결과 어때요?",
        "정확도 몇 나왔어?",
        "어떤 클래스끼리 헷갈려해요?",
        "베이스라인보다 나아졌나요",
        "loss 그래프 보여줘",
        "학습 끝났다는데 잘 된 거예요?",
    ]),
    ("fresh5-ko-explain-meaning", "explain", [
        "제 모델 f1 0.68이면 괜찮은 건가요?",
        "평가 결과 좀 설명해주세요",
        "이 숫자들이 내 모델한테 무슨 의미야",
        "어떤 라벨을 제일 못 맞춰?",
        "결과해석좀해줘",
        "성능 어느정도인지 요약해 주실래요",
    ]),
    # -------------------------------------------------------------- predict
    ("fresh5-ko-predict-texts", "predict", [
        ('"배송이 너무 느려요" 이거 뭐로 분류돼?', ["배송이 너무 느려요"]),
        ("이 문장 예측해줘: 생각보다 괜찮네요", ["생각보다 괜찮네요"]),
        ("'다시는 안 삼' 넣어보면 뭐 나와?", ["다시는 안 삼"]),
        ('"가격 대비 최고", "포장이 엉망" 두 개 돌려봐줘', ["가격 대비 최고", "포장이 엉망"]),
        ("모델한테 '환불 언제 되나요?' 넣으면 어떤 라벨 나와요", ["환불 언제 되나요?"]),
        ('테스트: "직원분이 친절했어요"', ["직원분이 친절했어요"]),
    ]),
    ("fresh5-ko-predict-file", "predict", [
        ("업로드한 파일 전체에 라벨 달아줘", "file"),
        ("{file} 전부 예측 돌려주세요", "file"),
        ("새로 올린 csv 모델로 분류해서 결과 주세요", "file"),
        ('이거 어떻게 나오는지 봐줘 "앱이 자꾸 꺼져요 ㅡㅡ"', ["앱이 자꾸 꺼져요 ㅡㅡ"]),
        ('"the screen is cracked" 이 영어 문장도 되나? 돌려봐', ["the screen is cracked"]),
        ("모든 행에 예측값 붙여줘", "file"),
    ]),
    # ------------------------------------------------------- predict_notext
    ("fresh5-ko-predict-notext", "predict_notext", [
        "모델 한번 써볼래",
        "테스트해볼 수 있어요?",
        "학습된 모델로 예측 해보고 싶어요",
        "직접 문장 넣어서 돌려보고 싶은데",
        "모델 테스트 ㄱ",
        "이제 써봐도 돼?",
    ]),
    # --------------------------------------------------------- label_issues
    ("fresh5-ko-label-issues", "label_issues", [
        "라벨 잘못 달린 데이터 찾아줘",
        "틀린 라벨 있는지 봐주세요",
        "알바생이 라벨링 한건데 좀 이상한거 섞여있을거 같아요. 잘못 라벨된 행 골라주세요",
        "텍스트랑 라벨 안 맞는 거 있나?",
        "{file}에서 라벨 오류 찾아줘",
        "mislabel 된거 뽑아줘",
    ]),
    # ---------------------------------------------------------------- clean
    ("fresh5-ko-clean", "clean", [
        "데이터 정리해줘",
        "중복 행 지워주세요",
        "빈 줄 삭제해줘",
        "검토한 라벨 수정사항 반영해주세요",
        "중복이랑 빈값 다 날려줘",
        "{file} 클렌징 해주세요",
    ]),
    # -------------------------------------------------------------- compare
    ("fresh5-ko-compare", "compare", [
        "두 번째 학습이랑 첫 번째 비교해줘",
        "어떤 run이 더 나았어?",
        "데이터 정리하기 전이랑 후랑 성능 비교해주세요",
        "1번 2번 실험 결과 나란히 보여줘",
        "지난번 모델보다 이번께 더 좋아요?",
        "run 비교",
    ]),
    # --------------------------------------------------------------- export
    ("fresh5-ko-export", "export", [
        "모델 내보내기 해줘",
        "학습된 모델 다운받고 싶어요",
        "ollama에서 쓰게 gguf로 뽑아줘",
        "onnx로 변환해서 저장해주세요",
        "어댑터 합쳐서 통짜 모델로 주세요",
        "모델 파일 다운로드 링크 주세요",
    ]),
    # -------------------------------------------------------- export_script
    ("fresh5-ko-export-script", "export_script", [
        "코랩에서 돌릴 수 있게 노트북 만들어줘",
        "학습 코드 스크립트로 뽑아주세요",
        "GPU 있는 서버에서 다시 돌리고 싶은데 파이썬 스크립트 주세요",
        "colab 노트북으로 export 해줘",
        "이 설정 그대로 다른 컴에서 학습할 수 있게 코드 줘",
        "학습 스크립트 다운로드 가능해요?",
    ]),
    # -------------------------------------------------------------- publish
    ("fresh5-ko-publish", "publish", [
        "허깅페이스에 올려줘",
        "HF 허브에 모델 업로드 해주세요",
        "모델카드 써서 hub에 푸시해줘",
        "내 허깅페이스 계정에 공개로 올릴래",
        "huggingface hub로 publish 부탁드려요",
        "모델 카드 만들어서 허브에 공유하고 싶어요",
    ]),
]
