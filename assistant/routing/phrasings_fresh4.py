"""Blind held-out test phrasings for the intent router ("fresh4"), English and Korean.

Written blind, from the brief (notes/BRIEF_fresh4.md) only. The writer did not look at any
other phrasings file, case file, router test, benchmark or eval set. The Korean families were
written on their own, as Korean users would type them, not translated from the English ones.

This set only MEASURES the router. It has never been used for training, tuning, prompt writing
or threshold picking, and must never be. Do not edit messages to make the router pass: if the
router gets one wrong, that is the result.

Format: two lists, ``EN`` and ``KO``, of families ``(family_id, intent, variants)``.
- family_id: ``"fresh4-en-<name>"`` / ``"fresh4-ko-<name>"``, unique.
- intent: one of the 23 router intents.
- variants: messages, each a string or a tuple ``(message, args)``:
  * ``predict``: args = list of the texts to classify, exactly as they appear in the message,
    or ``"file"`` when the user wants a whole uploaded file labelled;
  * ``change``: args = dict of the settings the words state (keys among ``epochs``,
    ``learning_rate``, ``batch_size``, ``max_length``, ``lora_r``, ``method``, ``base_model``);
  * ``inspect``: optional args ``{"text_column": ..., "label_column": ...}`` when columns are named.
- ``"{file}"`` in a message is replaced by the uploaded file's name.
"""

EN = [
    # ------------------------------------------------------------------ faq (incl. traps)
    ("fresh4-en-faq-methods", "faq", [
        "what's the actual difference between LoRA and full fine-tuning?",
        "is qlora just lora but quantized or is there more to it",
        "why would anyone use LoRA instead of training the whole model",
        "what does the r number in LoRA control?",
        "eli5 adapters. like what actually gets saved at the end",
        "Does LoRA usually give worse accuracy than full finetuning, generally speaking?",
    ]),
    ("fresh4-en-faq-trap-training-words", "faq", [
        "how do people usually decide how many epochs to train for?",
        "what does it mean if training loss keeps dropping but validation loss goes up",
        "can you explain what a learning rate actually is, in simple words",
        "why is a lopsided dataset a problem? like when 90% of rows are one class",
        "in general, if you cancel a fine-tuning job halfway, is the checkpoint usable at all?",
        "why do duplicate rows matter in training data",
        "whats the point of a validation split",
    ]),
    ("fresh4-en-faq-trap-eval-export", "faq", [
        "what is F1 and why isn't accuracy enough?",
        "how would you explain precision vs recall to someone non technical",
        "when people say 'results on a held-out set', what do they mean?",
        "what's GGUF and why does ollama need it",
        "generally how does exporting a fine tuned model work, do you get one file or a whole folder?",
        "when a model predicts a label, is it just picking the class with the highest probability?",
        "what does cleaning data usually involve for text classification?",
    ]),
    # ------------------------------------------------------------------ hardware
    ("fresh4-en-hardware", "hardware", [
        "do I even have a GPU on this thing?",
        "how much RAM does my laptop have, is that enough?",
        "will my macbook air be able to handle training or will it melt lol",
        "does this machine have cuda",
        "how many cpu cores can you use here",
        "check my hardware pls",
    ]),
    # ------------------------------------------------------------------ none
    ("fresh4-en-none-smalltalk", "none", [
        "hi there!",
        "thanks, that was really helpful",
        "good morning :)",
        "lol ok you're pretty smart",
        "cool cool. appreciate it",
        "hey hows it going",
    ]),
    ("fresh4-en-none-offtopic", "none", [
        "what's the weather going to be like in Boston tomorrow",
        "write me a short poem about autumn leaves",
        "can you give me a recipe for banana bread",
        "my react app won't compile, something about useEffect, can you help",
        "tell me a joke",
        "who won the game last night?",
    ]),
    # ------------------------------------------------------------------ ask (underspecified)
    ("fresh4-en-ask-fix-vague", "ask", [
        "fix this",
        "can you just sort it out",
        "it's not working, do something",
        "make it better pls",
        "change it",
        "just do the stuff",
    ]),
    ("fresh4-en-ask-help-vague", "ask", [
        "heeelp",
        "ugh. help me",
        "can you handle this for me",
        "improve it",
        "sort this out for me please",
        "tweak something, idk",
    ]),
    # ------------------------------------------------------------------ inspect
    ("fresh4-en-inspect-overview", "inspect", [
        "whats inside {file}",
        "how many rows does my csv have",
        "can you take a look at my data first",
        "which columns are in the file i uploaded?",
        "give me a quick summary of {file}",
        "is my data ok to train on?",
    ]),
    ("fresh4-en-inspect-labels-dupes", "inspect", [
        "are the labels in my file roughly even or is one way bigger than the others",
        "how many of each label do i have",
        "does {file} have duplicate rows?",
        ("check the label distribution, the text is in review_text and the labels are in rating",
         {"text_column": "review_text", "label_column": "rating"}),
        ("my texts are in the body column and category is the label, can you analyse it",
         {"text_column": "body", "label_column": "category"}),
        "any empty rows or weird stuff in my upload?",
    ]),
    # ------------------------------------------------------------------ train
    ("fresh4-en-train-task", "train", [
        "I want to fine-tune a model that tells positive from negative reviews using my csv",
        "can you train something on {file} to classify support tickets",
        "make me a spam detector with this data",
        "i'd like to build a classifier from my spreadsheet of customer emails",
        "teach a model to sort these messages into categories",
        "fine tune a small model on my file please",
    ]),
    ("fresh4-en-train-new-request", "train", [
        "let's fine-tune something on the data i just uploaded",
        "I have a bunch of labelled tweets and I want a model that learns from them",
        "set up a training run for my dataset",
        "can we train a topic classifier on {file}?",
        "i wanna finetune distilbert on my product reviews",
        "Could you create a model trained on my own examples?",
    ]),
    # ------------------------------------------------------------------ train_go
    ("fresh4-en-train-go-now", "train_go", [
        "start it now, no more questions",
        "ok enough talk, kick off the training",
        "begin training right away",
        "launch it",
        "skip the explanation and just train",
        "go. train now.",
    ]),
    ("fresh4-en-train-go-impatient", "train_go", [
        "hit start",
        "can you just start the run already",
        "fire it off",
        "don't ask me anything else, just begin the training",
        "start the fine-tuning now please",
        "train it. right now.",
    ]),
    # ------------------------------------------------------------------ recommend
    ("fresh4-en-recommend-model", "recommend", [
        "which base model would you pick for my data?",
        "what model is best for short tweets like mine",
        "should I go with lora or full fine-tuning for my file?",
        "which model would run ok on my laptop for this dataset",
        "any suggestions on what model to start from?",
    ]),
    ("fresh4-en-recommend-settings", "recommend", [
        "what epochs and learning rate would you use for my dataset?",
        "how many epochs should i do for this file",
        "is batch size 32 too much for my data or should I go lower?",
        "can you pick good hyperparameters for me",
        "what's a sensible max length for my texts?",
        "recommend a config for {file}",
    ]),
    # ------------------------------------------------------------------ change
    ("fresh4-en-change-numbers", "change", [
        ("let's do 3 epochs instead", {"epochs": 3}),
        ("bump the learning rate to 5e-5", {"learning_rate": 5e-5}),
        ("batch size 8 please, my laptop is slow", {"batch_size": 8}),
        ("set max length to 128 and epochs to 2", {"max_length": 128, "epochs": 2}),
        ("can you lower lr to 0.0001", {"learning_rate": 1e-4}),
        ("lora rank 16", {"lora_r": 16}),
        ("change epochs to 10, lr 1e-5, batch 4",
         {"epochs": 10, "learning_rate": 1e-5, "batch_size": 4}),
    ]),
    ("fresh4-en-change-method-model", "change", [
        ("switch to qlora", {"method": "qlora"}),
        ("actually let's train the full model, not lora", {"method": "full"}),
        ("use distilroberta-base as the base model instead", {"base_model": "distilroberta-base"}),
        ("go with plain LoRA, r=8", {"method": "lora", "lora_r": 8}),
        ("i'd rather update every weight", {"method": "full"}),
        ("swap the model for bert-base-uncased and make it 4 epochs",
         {"base_model": "bert-base-uncased", "epochs": 4}),
    ]),
    # ------------------------------------------------------------------ confirm
    ("fresh4-en-confirm-yes", "confirm", [
        "yess",
        "yep, sounds good",
        "ok, go for it",
        "sure, that works",
        "yes please start",
        "alright, let's go with that",
    ]),
    ("fresh4-en-confirm-casual", "confirm", [
        "looks good to me 👍",
        "perfect, proceed",
        "yeah fine",
        "approved",
        "k",
        "that plan is fine, go ahead",
    ]),
    # ------------------------------------------------------------------ status
    ("fresh4-en-status-progress", "status", [
        "is training finished?",
        "how's the training going",
        "still running?",
        "what percent is it at",
        "any progress?",
        "where are we with the run",
    ]),
    ("fresh4-en-status-eta-loss", "status", [
        "how much longer will it take",
        "what loss is it at currently?",
        "which epoch is it on now",
        "eta?",
        "is the loss going down at least?",
        "is my job still queued or has it started",
    ]),
    # ------------------------------------------------------------------ status_failed
    ("fresh4-en-status-failed", "status_failed", [
        "it says failed, what happened",
        "the run crashed, why",
        "can you show me the error message",
        "training died halfway, what's the reason?",
        "why did my run error out",
        "was the failure because it ran out of memory?",
    ]),
    # ------------------------------------------------------------------ cancel
    ("fresh4-en-cancel-stop", "cancel", [
        "stop the training",
        "cancel it please",
        "abort, abort",
        "kill the run",
        "halt training now",
    ]),
    ("fresh4-en-cancel-changed-mind", "cancel", [
        "never mind, I don't want this run anymore, stop it",
        "I set the wrong settings, cancel the current job",
        "please stop it, it's taking forever",
        "can you cancel the fine-tuning, my laptop fan is screaming",
        "end the run",
        "stop everything",
    ]),
    # ------------------------------------------------------------------ resume
    ("fresh4-en-resume", "resume", [
        "pick up where it left off",
        "continue the training",
        "can you resume the run that stopped",
        "restart it from the last checkpoint",
        "keep going from where it failed",
        "resume please",
    ]),
    # ------------------------------------------------------------------ explain
    ("fresh4-en-explain-results", "explain", [
        "how did my model do?",
        "what accuracy did it get",
        "are these results good or bad?",
        "what does an F1 of 0.71 mean for my model",
        "is it better than just guessing the majority class?",
        "can I see the loss plot?",
    ]),
    ("fresh4-en-explain-errors", "explain", [
        "which labels does it confuse the most",
        "where is my model making mistakes",
        "why is the neutral class scoring so badly?",
        "can you break down the scores per class",
        "explain my results",
        "is my model overfitting?",
    ]),
    # ------------------------------------------------------------------ predict
    ("fresh4-en-predict-texts", "predict", [
        ("classify this: I love how fast the checkout was", ["I love how fast the checkout was"]),
        ('try it on "the screen cracked after two days"', ["the screen cracked after two days"]),
        ("what label does the model give to 'meh, it was fine I guess'?", ["meh, it was fine I guess"]),
        ("run these through the model: 'great service' and 'never again'",
         ["great service", "never again"]),
        ("predict: refund still hasn't arrived", ["refund still hasn't arrived"]),
        ("is 'can I change my shipping address?' a billing ticket or a shipping one according to the model",
         ["can I change my shipping address?"]),
    ]),
    ("fresh4-en-predict-file-list", "predict", [
        ("label every row in {file} with the new model", "file"),
        ("can you run the model over my whole uploaded file", "file"),
        ("classify all the texts in the csv I just uploaded", "file"),
        ("what would my model say about these?\n- app keeps crashing\n- love the new update\n"
         "- where is the settings menu",
         ["app keeps crashing", "love the new update", "where is the settings menu"]),
        ('test it on: "worst purchase ever"', ["worst purchase ever"]),
        ("use the trained model to tag {file}", "file"),
    ]),
    # ------------------------------------------------------------------ predict_notext
    ("fresh4-en-predict-notext", "predict_notext", [
        "can I try out the model?",
        "I want to test it myself",
        "let me play with it",
        "i want to see it classify something",
        "let's try the model",
        "can I give it a few sentences to check?",
    ]),
    # ------------------------------------------------------------------ label_issues
    ("fresh4-en-label-issues", "label_issues", [
        "are there rows with the wrong label in my data?",
        "find mislabeled examples",
        "I think some of my labels are wrong, can you spot them",
        "check which rows might be labelled incorrectly",
        "which examples look like labeling mistakes",
        "find suspicious labels in {file}",
    ]),
    # ------------------------------------------------------------------ clean
    ("fresh4-en-clean", "clean", [
        "remove the duplicates from my file",
        "drop empty rows please",
        "clean up {file}",
        "apply the label fixes we reviewed",
        "get rid of the blank lines and repeated rows in my data",
        "clean my dataset before training",
    ]),
    # ------------------------------------------------------------------ compare
    ("fresh4-en-compare", "compare", [
        "which of my runs came out best?",
        "compare run 1 and run 2",
        "did cleaning the data actually help? compare before and after",
        "how does the new run stack up against the first one",
        "show me the runs side by side",
        "was the qlora run worse than the lora one?",
    ]),
    # ------------------------------------------------------------------ export
    ("fresh4-en-export", "export", [
        "I want to download my model",
        "export it to gguf so I can use it in ollama",
        "give me the merged model",
        "can I get an ONNX version of my model",
        "save the model to a file I can take with me",
        "export the fine-tuned model for llama.cpp",
    ]),
    # ------------------------------------------------------------------ export_script
    ("fresh4-en-export-script", "export_script", [
        "give me a python script so I can rerun this on a GPU",
        "can you make a colab notebook for this training",
        "I want to run the same training on my friend's gaming pc, can I get the script",
        "generate a standalone training script",
        "is there a notebook version of this I can open in Google Colab?",
        "download the code for this run",
    ]),
    # ------------------------------------------------------------------ publish
    ("fresh4-en-publish", "publish", [
        "push my model to hugging face",
        "upload it to the hub",
        "can you publish this model on huggingface with a model card",
        "write a model card and share it on HF",
        "make it public on the hugging face hub",
        "put the model on my hf account",
    ]),
]

KO = [
    # ------------------------------------------------------------------ faq (incl. traps)
    ("fresh4-ko-faq-lora-qlora", "faq", [
        "LoRA가 정확히 뭐예요? 완전 초보라서요",
        "qlora랑 lora 차이가 뭐임",
        "풀파인튜닝이랑 로라 중에 보통 뭐가 성능이 더 좋나요?",
        "LoRA r값 올리면 뭐가 달라지는 건가요",
        "어댑터만 저장된다는게 무슨말이에요?",
        "양자화하면 모델이 멍청해지나요?",
    ]),
    ("fresh4-ko-faq-trap-training", "faq", [
        "에폭은 보통 몇 번 정도 돌리는게 일반적인가요?",
        "과적합이 뭔지 쉽게 설명해주실 수 있나요",
        "학습률이 너무 크면 어떻게 되는 거예요?",
        "클래스 불균형이 왜 문제가 되는 건가요?",
        "중복 데이터가 있으면 학습에 안좋은 이유가 뭔가요",
        "배치사이즈는 크면 클수록 좋은거임?",
        "학습 중간에 취소하면 일반적으로 그때까지 학습된 건 다 날아가나요?",
    ]),
    ("fresh4-ko-faq-trap-eval-export", "faq", [
        "F1 점수가 뭔가요? 정확도랑 뭐가 달라요",
        "정밀도 재현율 설명좀 해줘 맨날 헷갈림",
        "GGUF가 뭐야? 올라마에서 쓰는 형식이라던데",
        "보통 모델을 export하면 어떤 파일들이 나오나요?",
        "데이터 정제(cleaning)는 일반적으로 뭘 하는 건가요?",
        "검증셋이랑 테스트셋 차이가 뭐예요",
        "허깅페이스 허브에 올린다는게 무슨 의미입니까?",
    ]),
    # ------------------------------------------------------------------ hardware
    ("fresh4-ko-hardware", "hardware", [
        "내 노트북 GPU 있어?",
        "램 몇기가인지 확인해줄 수 있어요?",
        "제 컴으로 학습 돌릴 수 있을까요? 그램 15인치인데요",
        "cuda 잡히나요?",
        "이 컴퓨터 코어 몇 개야",
        "제 사양으로 충분한지 좀 봐주세요",
    ]),
    # ------------------------------------------------------------------ none
    ("fresh4-ko-none-smalltalk", "none", [
        "안녕하세요~",
        "ㅎㅇ",
        "감사합니다!! 덕분에 살았어요",
        "고마워 ㅋㅋ",
        "오 신기하다",
        "수고하셨습니다",
    ]),
    ("fresh4-ko-none-offtopic", "none", [
        "오늘 서울 날씨 어때?",
        "점심 메뉴 추천좀",
        "여자친구 생일인데 축하 시 하나 써줘",
        "엑셀 vlookup 함수 어떻게 써요?",
        "심심한데 재밌는 얘기 해줘",
        "김치찌개 레시피 알려주세요",
    ]),
    # ------------------------------------------------------------------ ask (underspecified)
    ("fresh4-ko-ask-fix", "ask", [
        "이거 고쳐줘",
        "어떻게든 해줘",
        "좀 더 좋게 만들어봐",
        "그거 해주세요",
        "이상한데 어떻게 좀 해봐",
        "손 좀 봐주세요",
    ]),
    ("fresh4-ko-ask-help", "ask", [
        "도와주세요ㅠㅠ",
        "뭔가 잘못된거같은데 고쳐줄래?",
        "바꿔줘",
        "이거 좀 처리해줘",
        "개선해 주십시오",
        "아까 그거 다시",
    ]),
    # ------------------------------------------------------------------ inspect
    ("fresh4-ko-inspect-overview", "inspect", [
        "{file} 안에 뭐 들어있어?",
        "행이 몇 개인지 알려줘",
        "컬럼 뭐뭐 있는지 봐주세요",
        "올린 파일 한번 확인해 주실래요?",
        "데이터 괜찮은지 먼저 봐줘",
        "업로드한 csv 요약해줘",
    ]),
    ("fresh4-ko-inspect-distribution", "inspect", [
        "라벨별로 몇 개씩 있는지 궁금해요",
        "데이터에 중복된 문장 있나요?",
        "긍정이 너무 많은 거 같은데 비율 좀 봐줄래",
        ("텍스트는 content 컬럼이고 라벨은 label 컬럼이야. 분포 확인해줘",
         {"text_column": "content", "label_column": "label"}),
        ("리뷰내용 열이 문장이고 평점 열이 정답인데 데이터 한번 분석해주세요",
         {"text_column": "리뷰내용", "label_column": "평점"}),
        "빈칸있는 행 있는지 체크좀",
    ]),
    # ------------------------------------------------------------------ train
    ("fresh4-ko-train-task", "train", [
        "이 데이터로 감성분석 모델 만들고 싶어요",
        "{file}로 파인튜닝 해보고 싶은데요",
        "민원 유형 분류하는 모델 학습시켜줘",
        "내 csv로 분류기 하나 만들어줘",
        "쇼핑몰 문의글 자동으로 분류하게 모델 학습 시키고 싶습니다",
        "악플 잡는 모델 만들수 있을까? 데이터는 올려놨어",
    ]),
    ("fresh4-ko-train-new", "train", [
        "올린 데이터로 학습 좀 시켜주세요",
        "뉴스 기사 카테고리 분류 모델 파인튜닝 해주세요",
        "koelectra로 내 리뷰 데이터 학습시키고 싶은데",
        "카톡 문의 데이터로 챗봇 말고 분류모델 만들고 싶어요",
        "모델 하나 새로 학습해볼래요",
        "이거로 finetuning 가능?",
    ]),
    # ------------------------------------------------------------------ train_go
    ("fresh4-ko-train-go-now", "train_go", [
        "바로 학습 시작해",
        "그냥 돌려줘",
        "더 묻지 말고 시작하세요",
        "지금 당장 학습 ㄱㄱ",
        "설명은 됐고 학습 돌려",
        "학습 시작 버튼 눌러줘",
    ]),
    ("fresh4-ko-train-go-hurry", "train_go", [
        "빨리 시작해주세요 시간없어요",
        "이제 학습 돌리자",
        "트레이닝 개시",
        "런 시작해줘",
        "그냥 바로 fine-tuning 들어가주세요",
        "학습시작!",
    ]),
    # ------------------------------------------------------------------ recommend
    ("fresh4-ko-recommend-model", "recommend", [
        "제 데이터에는 어떤 모델이 제일 잘 맞을까요?",
        "한국어 리뷰인데 베이스 모델 뭐 쓰는게 좋아?",
        "lora랑 qlora 중에 내 노트북이면 뭐가 나아요?",
        "모델 추천좀",
        "이 파일이면 어떤 방식으로 학습하는게 좋을지 추천해주세요",
    ]),
    ("fresh4-ko-recommend-settings", "recommend", [
        "에폭이랑 러닝레이트 몇으로 하면 될까요?",
        "하이퍼파라미터 추천해줘",
        "제 데이터 기준으로 max length 얼마가 적당해요?",
        "배치사이즈 몇이 좋을까",
        "설정 뭘로 하면 좋을지 골라주세요",
        "데이터가 500개 밖에 없는데 에폭 몇 번 돌리는게 좋을까요?",
    ]),
    # ------------------------------------------------------------------ change
    ("fresh4-ko-change-numbers", "change", [
        ("에폭 5로 바꿔줘", {"epochs": 5}),
        ("러닝레이트 2e-5로 해주세요", {"learning_rate": 2e-5}),
        ("배치 16으로", {"batch_size": 16}),
        ("max length 256으로 줄이고 에폭은 3번만", {"max_length": 256, "epochs": 3}),
        ("lr 0.0003으로 올려", {"learning_rate": 3e-4}),
        ("로라 랭크 32로 설정해주세요", {"lora_r": 32}),
        ("에폭 2, 배치사이즈 4, 학습률 5e-5로 변경",
         {"epochs": 2, "batch_size": 4, "learning_rate": 5e-5}),
    ]),
    ("fresh4-ko-change-method-model", "change", [
        ("qlora로 바꿔주세요", {"method": "qlora"}),
        ("그냥 전체 파인튜닝으로 할게요", {"method": "full"}),
        ("모델을 klue/roberta-base로 바꿔줘", {"base_model": "klue/roberta-base"}),
        ("LoRA로 하고 r은 4로", {"method": "lora", "lora_r": 4}),
        ("베이스모델 monologg/koelectra-base-v3-discriminator 로 변경하고 에폭 4",
         {"base_model": "monologg/koelectra-base-v3-discriminator", "epochs": 4}),
        ("가중치 전부 다 학습시키는 방식으로 해줘", {"method": "full"}),
    ]),
    # ------------------------------------------------------------------ confirm
    ("fresh4-ko-confirm-yes", "confirm", [
        "네",
        "ㅇㅋ",
        "좋아요 그렇게 해주세요",
        "넹 진행해주세요",
        "그래 그걸로 하자",
        "ㅇㅇ",
    ]),
    ("fresh4-ko-confirm-formal-slang", "confirm", [
        "좋습니다. 진행하시죠",
        "오케이 ㄱㄱ",
        "괜찮네요 그대로 가요",
        "응 해",
        "예 그렇게 하겠습니다",
        "콜",
    ]),
    # ------------------------------------------------------------------ status
    ("fresh4-ko-status-progress", "status", [
        "학습 다 됐어?",
        "지금 어디까지 진행됐어요?",
        "아직 돌고잇나요",
        "몇 퍼센트야?",
        "진행상황알려줘",
        "끝났나요??",
    ]),
    ("fresh4-ko-status-eta-loss", "status", [
        "얼마나 더 걸려요?",
        "현재 loss 얼마예요",
        "지금 몇 에폭째야",
        "남은 시간 좀",
        "로스 잘 내려가고 있어?",
        "대기중이라고 뜨는데 언제 시작돼요?",
    ]),
    # ------------------------------------------------------------------ status_failed
    ("fresh4-ko-status-failed", "status_failed", [
        "왜 실패했어?",
        "학습 실패했다고 뜨는데 이유가 뭐예요",
        "에러 메세지 보여줘",
        "중간에 뻗었네 뭐가 문제였을까요",
        "failed 떴는데 메모리 부족 때문인가요?",
        "오류 원인좀 알려주세요ㅠ",
    ]),
    # ------------------------------------------------------------------ cancel
    ("fresh4-ko-cancel-stop", "cancel", [
        "학습 중지해",
        "취소해주세요",
        "멈춰!!",
        "그만 돌려",
        "지금 돌아가는거 중단시켜줘",
    ]),
    ("fresh4-ko-cancel-reason", "cancel", [
        "아 설정 잘못했다 일단 취소",
        "너무 오래 걸려서 그냥 멈출게요",
        "노트북 뜨거워져서 그런데 학습 좀 꺼주세요",
        "이번 런은 버리고 중지해줘",
        "학습 취소할래요",
        "스탑 스탑",
    ]),
    # ------------------------------------------------------------------ resume
    ("fresh4-ko-resume", "resume", [
        "이어서 학습해줘",
        "멈춘데서부터 다시 돌려주세요",
        "중단된 학습 재개해 주세요",
        "체크포인트부터 이어서 가능해?",
        "실패한 거 이어서 계속 진행해줘",
        "다시 resume 해주세요",
    ]),
    # ------------------------------------------------------------------ explain
    ("fresh4-ko-explain-results", "explain", [
        "결과 어때요?",
        "정확도 몇 나왔어?",
        "이 정도면 잘 나온 건가요?",
        "f1 0.8이면 내 모델 괜찮은 거야?",
        "베이스라인보다 나아졌나요",
        "로스 그래프 보여줘",
    ]),
    ("fresh4-ko-explain-errors", "explain", [
        "어떤 라벨끼리 제일 헷갈려해요?",
        "클래스별 성능 좀 알려주세요",
        "부정 클래스 점수가 왜 이렇게 낮아?",
        "모델이 주로 어디서 틀려?",
        "결과 해석 좀 해줘",
        "제 모델 과적합 된 건가요?",
    ]),
    # ------------------------------------------------------------------ predict
    ("fresh4-ko-predict-texts", "predict", [
        ("'배송이 너무 느려요' 이거 분류해봐", ["배송이 너무 느려요"]),
        ('"가격 대비 괜찮네요"는 뭐라고 나와?', ["가격 대비 괜찮네요"]),
        ("모델한테 '환불 언제 되나요' 넣어보면 어떤 라벨 나와요?", ["환불 언제 되나요"]),
        ("이 문장 예측해줘: 다시는 안 삽니다", ["다시는 안 삽니다"]),
        ("'포장 꼼꼼해요'랑 '색이 사진이랑 달라요' 두개 돌려봐", ["포장 꼼꼼해요", "색이 사진이랑 달라요"]),
        ("테스트: 직원분이 친절했어요", ["직원분이 친절했어요"]),
    ]),
    ("fresh4-ko-predict-file-list", "predict", [
        ("{file} 전체에 라벨 달아줘", "file"),
        ("새로 올린 파일 모델로 다 분류해주세요", "file"),
        ("업로드한 csv 모든 행 예측 돌려줘", "file"),
        ("아래 문장들 분류해줘\n배터리 빨리 닳아요\n화면 선명해요\n충전기가 안 왔어요",
         ["배터리 빨리 닳아요", "화면 선명해요", "충전기가 안 왔어요"]),
        ("학습된 모델로 이 파일 태깅 해주실 수 있나요?", "file"),
        ("“앱이 자꾸 튕겨요” 이건 어떤 카테고리로 분류됨?", ["앱이 자꾸 튕겨요"]),
    ]),
    # ------------------------------------------------------------------ predict_notext
    ("fresh4-ko-predict-notext", "predict_notext", [
        "모델 한번 써보고 싶어요",
        "테스트 해볼래",
        "직접 문장 넣어서 돌려볼 수 있어?",
        "만든 모델 시험해보자",
        "예측 기능 써보고 싶은데요",
        "이제 모델 사용해봐도 돼요?",
    ]),
    # ------------------------------------------------------------------ label_issues
    ("fresh4-ko-label-issues", "label_issues", [
        "라벨 잘못 달린 데이터 찾아줘",
        "라벨링 실수한거 있는지 확인해 주세요",
        "정답이 틀린 것 같은 행들 골라줄 수 있어?",
        "{file}에서 라벨 이상한거 있나 봐줘",
        "잘못 라벨링된 것 같은 샘플 뽑아주세요",
        "알바가 라벨 붙였는데 틀린게 많을거같아요 찾아주세요",
    ]),
    # ------------------------------------------------------------------ clean
    ("fresh4-ko-clean", "clean", [
        "중복 행 지워줘",
        "빈 줄 제거해주세요",
        "{file} 정리 좀 해줘",
        "아까 검토한 라벨 수정사항 반영해줘",
        "데이터 클리닝 해주세요",
        "중복이랑 결측치 있는 행 다 날려",
    ]),
    # ------------------------------------------------------------------ compare
    ("fresh4-ko-compare", "compare", [
        "어떤 학습이 더 잘 나왔어?",
        "1번이랑 2번 런 비교해줘",
        "데이터 정리하기 전이랑 후랑 성능 비교해주세요",
        "지난번 학습보다 이번이 나은가요?",
        "두 모델 결과 나란히 보여줘",
        "qlora로 돌린거랑 lora로 돌린거 중에 뭐가 나아?",
    ]),
    # ------------------------------------------------------------------ export
    ("fresh4-ko-export", "export", [
        "모델 다운로드 하고 싶어요",
        "gguf로 뽑아줘 올라마에서 쓸거임",
        "병합된 모델로 내보내주세요",
        "onnx로 변환해서 받을 수 있나요?",
        "llama.cpp에서 돌릴 수 있게 export 해줘",
        "학습한 모델 파일로 저장해줘",
    ]),
    # ------------------------------------------------------------------ export_script
    ("fresh4-ko-export-script", "export_script", [
        "코랩에서 돌릴 수 있게 노트북 만들어줘",
        "이 학습 파이썬 스크립트로 뽑아주세요",
        "회사 GPU 서버에서 똑같이 돌리고 싶은데 코드 주세요",
        "colab 노트북으로 export 가능?",
        "학습 코드 따로 받을 수 있어요?",
        "단독 실행되는 training script 만들어줘",
    ]),
    # ------------------------------------------------------------------ publish
    ("fresh4-ko-publish", "publish", [
        "허깅페이스에 올려줘",
        "HF 허브에 모델 업로드해주세요",
        "모델카드 작성해서 허깅페이스에 공개해줘",
        "제 hf 계정에 푸시해 주세요",
        "허브에 publish 하고 싶어요",
        "huggingface에 공유하고 싶은데 올려줄수있어?",
    ]),
]
