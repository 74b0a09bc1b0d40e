"""A fresh, blind test set for the intent router, in English and Korean.

Written blind: by someone who never read phrasings_en.py, phrasings_ko.py, the cases_*.jsonl
files or the evaluation sets, knowing only what each intent means (route() in
assistant/router.py) and what the tools do (assistant/prompts/tools.yaml). Never used for
training or tuning (not for the regularisation, not for the `unsure` threshold): measured only.
Do not edit these messages to make the router pass; a change here makes the set no longer blind.

Format: (family id, intent, variants). A variant is a message, or (message, args): for "predict"
the texts to classify as they appear in the message, or "file" for a whole uploaded file; for
"change" the settings the words state; for "inspect" the named columns. "{file}" is replaced by
the uploaded file's name.
"""

EN = [
    # --- faq: concept and how-to questions, trap words included; never start or change anything
    ("fresh-en-faq-methods", "faq", [
        "what's the difference between LoRA and QLoRA, in simple words?",
        "is qlora always better than lora or does it depend on something",
        "can someone explain what 'epochs' even means? is 3 a lot??",
        "Why would anyone pick full fine-tuning over LoRA if LoRA is cheaper?",
        "whats a learning rate and what happens if its too high",
    ]),
    ("fresh-en-faq-metrics", "faq", [
        "What does F1 score mean and why isn't accuracy enough?",
        "precision vs recall?? i always mix them up",
        "explain overfitting to me like I'm five",
        "can you explain what a confusion matrix shows",
        "how should I read training results in general, like the loss going down?",
    ]),
    ("fresh-en-faq-howto", "faq", [
        "How does a trained classifier actually predict a label for a sentence it has never seen?",
        "how many rows do i need to train a decent text classifier",
        "Does it matter if my classes are imbalanced, like 90% positive and 10% negative?",
        "if I use 5 epochs instead of 3 will it always be better?",
        "quick question, should the learning rate be smaller when the model is bigger? just curious in general",
    ]),
    # --- hardware: the user's own machine
    ("fresh-en-hardware", "hardware", [
        "do I even have a GPU on this thing?",
        "how much RAM does my computer have",
        "can my laptop handle fine-tuning gemma or is it too weak",
        "I don't think I have a graphics card... is my machine ok for QLoRA?",
        "check my hardware pls",
    ]),
    # --- none: greetings, thanks, small talk, out of scope
    ("fresh-en-none-chat", "none", [
        "hi there!",
        "thanks a lot, that was really helpful 🙏",
        "ok cool, bye for now",
        "good morning :)",
        "lol nice",
    ]),
    ("fresh-en-none-offtopic", "none", [
        "what's the weather going to be like in Seoul tomorrow?",
        "write me a short poem about autumn leaves",
        "which laptop should I buy for under $1000?",
        "can you recommend a good pizza place nearby",
        "tell me a joke",
    ]),
    # --- ask: too vague to act on
    ("fresh-en-ask", "ask", [
        "fix it",
        "ok do the thing",
        "what about the rest?",
        "and the other one",
        "hmm can you make it better",
    ]),
    # --- inspect: look at my data
    ("fresh-en-inspect", "inspect", [
        "can you take a look at {file} and tell me what's in it?",
        ("check my data first please - the text is in 'review_body' and the labels are in 'stars'",
         {"text_column": "review_body", "label_column": "stars"}),
        "how many rows and classes does my csv have?",
        "is my dataset ok? im not sure i formatted it right",
        "hi! could you peek at the file I just uploaded",
    ]),
    # --- train: a new request to fine-tune on the file
    ("fresh-en-train", "train", [
        "I want to fine-tune a model on {file}",
        "can you train a classifier with my data? first time doing this, sorry",
        "train a model on this csv pls",
        "so I uploaded our support tickets, could you maybe build a model that sorts them into the right categories?",
        "let's fine tune something on {file} so it learns my labels",
    ]),
    # --- train_go: start now, with settings on screen
    ("fresh-en-train-go", "train_go", [
        "ok just start the training now",
        "go ahead and train it with those settings",
        "start training!",
        "alright, kick off the fine-tune",
        "run it now please, I don't want to change anything",
    ]),
    # --- recommend: which model/settings for my file
    ("fresh-en-recommend", "recommend", [
        "which model should I use for {file}?",
        "what settings would you suggest for my data?",
        "lora or qlora for my file? you pick",
        "what epochs and learning rate make sense for this dataset of mine",
        "recommend me a setup that finishes in under 20 minutes on this laptop",
    ]),
    # --- change: a setting the user states
    ("fresh-en-change-epochs-method", "change", [
        ("use 5 epochs instead", {"epochs": 5}),
        ("can we do 2 epochs? 3 seems long", {"epochs": 2}),
        ("make it 10 epochs", {"epochs": 10}),
        ("switch to qlora please", {"method": "qlora"}),
        ("actually lets do full fine-tuning, not lora", {"method": "full"}),
    ]),
    ("fresh-en-change-numbers", "change", [
        ("lower the learning rate to 5e-5", {"learning_rate": 5e-5}),
        ("set lr=1e-4 and batch size 8", {"learning_rate": 1e-4, "batch_size": 8}),
        ("batch 32 pls", {"batch_size": 32}),
        ("could you maybe cut the max length to 128? my texts are really short", {"max_length": 128}),
        ("change learning rate to 0.0003 and epochs to 4", {"learning_rate": 3e-4, "epochs": 4}),
    ]),
    ("fresh-en-change-but", "change", [
        ("sounds good, but make it 4 epochs", {"epochs": 4}),
        ("ok but with qlora", {"method": "qlora"}),
        ("almost - bump the epochs to 6 and then it's fine", {"epochs": 6}),
        ("fine, just halve the batch size to 8", {"batch_size": 8}),
    ]),
    # --- confirm: plain agreement to a proposal
    ("fresh-en-confirm-short", "confirm", [
        "yes",
        "yep",
        "sounds good, go",
        "ok let's do it",
        "sure 👍",
    ]),
    ("fresh-en-confirm-long", "confirm", [
        "yes please go ahead",
        "that works for me",
        "perfect, do that",
        "alright, those settings are fine by me",
        "yeah why not",
    ]),
    # --- status: progress
    ("fresh-en-status", "status", [
        "is it done yet?",
        "how far along is the training",
        "how much longer?",
        "any progress? 👀",
        "thanks! what step is it on now though",
    ]),
    # --- status_failed: why did it fail
    ("fresh-en-status-failed", "status_failed", [
        "why did it fail?",
        "what went wrong with my run",
        "it says failed... what happened",
        "the training crashed, can you tell me why",
        "why did it stop with an error??",
    ]),
    # --- cancel
    ("fresh-en-cancel", "cancel", [
        "stop the training",
        "cancel it, I picked the wrong file",
        "abort!!",
        "please kill the run, it's taking forever",
        "nvm, stop training",
    ]),
    # --- resume
    ("fresh-en-resume", "resume", [
        "continue the training from where it stopped",
        "can you resume my run?",
        "pick it back up please",
        "restart from the last checkpoint",
        "keep going with the run I cancelled",
    ]),
    # --- explain: my run's results
    ("fresh-en-explain", "explain", [
        "how did my model do?",
        "which classes does it confuse the most?",
        "explain my results",
        "is 0.87 good for my model? what does that mean for my data",
        "where is my model making mistakes",
    ]),
    # --- predict: classify these texts
    ("fresh-en-predict-quoted", "predict", [
        ('classify "the delivery was late and the box was crushed"',
         ["the delivery was late and the box was crushed"]),
        ("what label would my model give to: I love this phone", ["I love this phone"]),
        ('try these two: "refund please" and "how do I reset my password"',
         ["refund please", "how do I reset my password"]),
        ("predict 'worst customer service ever'", ["worst customer service ever"]),
        ('can you run my model on "Great value for money!"', ["Great value for money!"]),
    ]),
    ("fresh-en-predict-mixed", "predict", [
        ("label the whole {file} with my model", "file"),
        ("run the trained model over every row of the new file I uploaded", "file"),
        ('is "meh, it was okay" positive or negative according to my model?', ["meh, it was okay"]),
        ("classify these:\n- arrived broken\n- fast shipping, would buy again",
         ["arrived broken", "fast shipping, would buy again"]),
    ]),
    # --- predict_notext: wants a prediction, gives no text
    ("fresh-en-predict-notext", "predict_notext", [
        "can you classify something for me?",
        "I want to test my model on a sentence",
        "predict this",
        "let me try the model out",
        "label my text pls",
    ]),
    # --- label_issues
    ("fresh-en-label-issues", "label_issues", [
        "are there mislabeled rows in my data?",
        "find the rows where the label looks wrong",
        "can you check if I made labeling mistakes",
        "some of my labels might be off, can you spot them?",
        "which examples are probably labeled incorrectly",
    ]),
    # --- clean
    ("fresh-en-clean", "clean", [
        "clean my data",
        "remove the duplicates and empty rows from {file}",
        "could you tidy up the dataset before we train",
        "drop the blank lines please",
        "fix the messy labels, some say 'Pos' and some say 'positive'",
    ]),
    # --- compare
    ("fresh-en-compare", "compare", [
        "compare my two runs",
        "was the retrain better than the first one?",
        "which run had the best accuracy",
        "did qlora beat lora on my data?",
        "old model vs new model?",
    ]),
    # --- export
    ("fresh-en-export", "export", [
        "export my model to ONNX",
        "can I get merged weights?",
        "i need a gguf version of it",
        "save the model in a format I can use in my app",
    ]),
    # --- export_script
    ("fresh-en-export-script", "export_script", [
        "give me a script to train this on colab",
        "can I get a notebook so I can run it on a real GPU",
        "I want to train on my friend's gpu machine, what do I run there?",
        "make me a colab notebook for this",
    ]),
    # --- publish
    ("fresh-en-publish", "publish", [
        "push my model to the Hugging Face Hub",
        "upload it to huggingface",
        "can you publish it with a model card?",
        "put my model on the hub as private please",
    ]),
]

KO = [
    # --- faq
    ("fresh-ko-faq-methods", "faq", [
        "LoRA랑 QLoRA 차이가 뭐예요?",
        "에폭이 정확히 뭔가요? 3이면 많은 편이에요?",
        "풀 파인튜닝이 로라보다 항상 성능 좋은 거야?",
        "learning rate가 너무 크면 어떻게 되나요",
        "QLoRA는 왜 메모리를 덜 쓰는 건지 궁금합니다",
    ]),
    ("fresh-ko-faq-metrics", "faq", [
        "F1 점수는 무엇을 의미합니까?",
        "정확도만 보면 안 되는 이유가 뭐야?",
        "과적합이 뭔지 쉽게 설명해 주세요",
        "precision이랑 recall 맨날 헷갈려요ㅠㅠ",
        "혼동행렬이 뭔지 설명해줄래?",
    ]),
    ("fresh-ko-faq-howto", "faq", [
        "텍스트 분류 모델은 처음 보는 문장의 라벨을 어떻게 예측하는 거예요?",
        "데이터가 몇개 정도 있어야 학습이 제대로 되나요",
        "클래스 불균형이 심하면 결과가 많이 나빠지나요? 긍정이 90%쯤이에요",
        "에폭을 10으로 늘리면 무조건 성능이 좋아지는 건가요?",
        "배치 크기는 보통 어떤 기준으로 정합니까?",
    ]),
    # --- hardware
    ("fresh-ko-hardware", "hardware", [
        "내 컴퓨터에 GPU 있어?",
        "제 노트북 램이 몇 기가인지 확인해 주실 수 있나요?",
        "이 노트북으로 gemma 파인튜닝 돌아갈까요?",
        "그래픽카드 없는 것 같은데 제 pc로 QLoRA 가능해요?",
        "내 pc 사양 좀 봐줘",
    ]),
    # --- none
    ("fresh-ko-none-chat", "none", [
        "안녕하세요~",
        "고마워요! 덕분에 잘 됐어요 😊",
        "ㅋㅋ 좋네",
        "수고하셨습니다",
        "오늘은 여기까지 할게요 잘자요",
    ]),
    ("fresh-ko-none-offtopic", "none", [
        "내일 서울 날씨 어때?",
        "가을에 대한 시 한 편 써 줘",
        "100만원 이하 노트북 추천해 주세요",
        "점심 메뉴 좀 골라줘",
        "재밌는 얘기 하나 해 줄래요?",
    ]),
    # --- ask
    ("fresh-ko-ask", "ask", [
        "이거 고쳐줘",
        "나머지는요?",
        "그거 해 주세요",
        "아까 그거 다시",
        "좀 더 좋게 해봐",
    ]),
    # --- inspect
    ("fresh-ko-inspect", "inspect", [
        "{file} 한번 봐 줄래요?",
        ("데이터 확인 좀 해주세요. 텍스트는 'content' 열이고 라벨은 'sentiment' 열이에요",
         {"text_column": "content", "label_column": "sentiment"}),
        "내 csv에 행이 몇 개고 클래스가 몇 개야?",
        "파일 형식을 제대로 맞춘 건지 모르겠어요.. 확인 부탁드려요",
        "안녕하세요 방금 올린 파일 내용 좀 살펴봐 주시겠어요?",
    ]),
    # --- train
    ("fresh-ko-train", "train", [
        "{file}로 분류 모델 만들고 싶어요",
        "제 데이터로 파인튜닝 해 주실 수 있나요? 처음이라 잘 몰라요",
        "이 csv로 모델 학습시켜",
        "고객 문의를 카테고리별로 자동 분류하는 모델을 만들고 싶은데요, 파일은 방금 올렸습니다",
        "리뷰 데이터 올렸으니까 긍정 부정 나누는 모델 훈련해 줘",
    ]),
    # --- train_go
    ("fresh-ko-train-go", "train_go", [
        "그럼 지금 바로 학습 시작해 주세요",
        "그 설정대로 학습 돌려",
        "학습 시작!",
        "바꿀 거 없어요 그냥 바로 돌려 주세요",
        "파인튜닝 지금 들어가 주십시오",
    ]),
    # --- recommend
    ("fresh-ko-recommend", "recommend", [
        "{file}에는 어떤 모델이 좋을까요?",
        "제 데이터에 맞는 설정 추천해 주세요",
        "LoRA랑 QLoRA 중에 내 파일엔 뭐가 나아? 알아서 골라줘",
        "이 데이터셋이면 에폭이랑 학습률은 얼마로 하는 게 좋을까요",
        "제 노트북에서 20분 안에 끝나는 설정으로 골라 주세요",
    ]),
    # --- change
    ("fresh-ko-change-epochs-method", "change", [
        ("에폭 5로 바꿔줘", {"epochs": 5}),
        ("에폭을 두 번으로 줄여 주세요", {"epochs": 2}),
        ("epoch 10으로 해", {"epochs": 10}),
        ("QLoRA로 바꿔 주세요", {"method": "qlora"}),
        ("로라 말고 풀 파인튜닝으로 할게요", {"method": "full"}),
    ]),
    ("fresh-ko-change-numbers", "change", [
        ("학습률 5e-5로 낮춰 주세요", {"learning_rate": 5e-5}),
        ("lr 1e-4, 배치 8로 해줘", {"learning_rate": 1e-4, "batch_size": 8}),
        ("배치사이즈32로", {"batch_size": 32}),
        ("문장이 짧아서 그런데 max length 128로 줄여 주실 수 있을까요?", {"max_length": 128}),
        ("학습률은 0.0003, 에폭은 4로 변경해 주십시오", {"learning_rate": 3e-4, "epochs": 4}),
    ]),
    ("fresh-ko-change-but", "change", [
        ("좋은데 에폭만 4로 해 주세요", {"epochs": 4}),
        ("네 근데 qlora로요", {"method": "qlora"}),
        ("거의 다 좋아, 배치만 8로 줄여 줘", {"batch_size": 8}),
        ("괜찮네요. 다만 학습률을 1e-5로 해 주세요", {"learning_rate": 1e-5}),
    ]),
    # --- confirm
    ("fresh-ko-confirm-short", "confirm", [
        "네",
        "응",
        "ㅇㅇ 고고",
        "넵 👍",
        "오케이",
    ]),
    ("fresh-ko-confirm-long", "confirm", [
        "좋아요 진행해 주세요",
        "네 그렇게 해 주세요",
        "그 설정 괜찮네요",
        "좋습니다. 그대로 진행하시죠",
        "그래 그렇게 하자",
    ]),
    # --- status
    ("fresh-ko-status", "status", [
        "다 됐어?",
        "학습 얼마나 진행됐어요?",
        "얼마나 더 걸려요?",
        "지금 몇 스텝째야",
        "감사해요! 근데 진행 상황 좀 알려 주세요 🙏",
    ]),
    # --- status_failed
    ("fresh-ko-status-failed", "status_failed", [
        "왜 실패했어요?",
        "학습 실패 원인이 무엇입니까",
        "에러 나면서 멈췄는데 왜 그런 거야?",
        "failed라고 뜨는데 무슨 문제예요?",
        "어디서 잘못된 건지 알려줘",
    ]),
    # --- cancel
    ("fresh-ko-cancel", "cancel", [
        "학습 멈춰 줘",
        "취소해 주세요, 파일을 잘못 올렸어요",
        "그만!! 중지해",
        "너무 오래 걸려서 그냥 중단할게요",
        "학습취소",
    ]),
    # --- resume
    ("fresh-ko-resume", "resume", [
        "멈춘 데서부터 다시 이어서 학습해 줘",
        "중단된 학습 재개해 주세요",
        "실패한 거 이어서 돌릴 수 있어요?",
        "마지막 체크포인트부터 계속해",
        "취소했던 학습 다시 이어가 주시겠어요?",
    ]),
    # --- explain
    ("fresh-ko-explain", "explain", [
        "내 모델 성능 어때?",
        "어떤 클래스끼리 제일 많이 헷갈려요?",
        "학습 결과 설명해 주세요",
        "정확도 0.87이면 제 데이터 기준으로 잘 나온 건가요?",
        "모델이 주로 어디서 틀리는지 알려줘",
    ]),
    # --- predict
    ("fresh-ko-predict-quoted", "predict", [
        ('"배송이 너무 늦고 박스가 찌그러져 왔어요" 이거 분류해 줘',
         ["배송이 너무 늦고 박스가 찌그러져 왔어요"]),
        ("내 모델로 예측해 줘: 이 폰 진짜 마음에 들어요", ["이 폰 진짜 마음에 들어요"]),
        ("'환불해 주세요'랑 '비밀번호를 어떻게 바꾸나요' 두 개 라벨 뭐로 나와?",
         ["환불해 주세요", "비밀번호를 어떻게 바꾸나요"]),
        ('"가성비 최고!" 이건 긍정이야 부정이야?', ["가성비 최고!"]),
        ('다음 문장을 분류해 주시기 바랍니다. "상담원이 정말 불친절했습니다"', ["상담원이 정말 불친절했습니다"]),
    ]),
    ("fresh-ko-predict-mixed", "predict", [
        ("{file} 전체를 제 모델로 라벨링해 주세요", "file"),
        ("새로 올린 파일 모든 행에 예측 돌려줘", "file"),
        ('"그냥 그랬어요" 이건 모델이 뭐라고 해요?', ["그냥 그랬어요"]),
        ("이 문장들 분류해줘\n- 또 사고 싶어요\n- 다시는 안 삽니다", ["또 사고 싶어요", "다시는 안 삽니다"]),
    ]),
    # --- predict_notext
    ("fresh-ko-predict-notext", "predict_notext", [
        "뭐 하나 분류해 줄 수 있어?",
        "제 모델로 문장 하나 테스트해 보고 싶어요",
        "이거 예측해줘",
        "모델 한번 써 보고 싶은데요",
        "내 텍스트 라벨 좀 붙여줘",
    ]),
    # --- label_issues
    ("fresh-ko-label-issues", "label_issues", [
        "제 데이터에 라벨 잘못 붙은 행 있나요?",
        "라벨 틀린 것 같은 데이터 찾아줘",
        "라벨링 실수한 게 있는지 확인해 주세요",
        "몇 개는 라벨이 이상할 수도 있는데 골라 주실 수 있어요?",
        "잘못 라벨링된 예시 뽑아 줘",
    ]),
    # --- clean
    ("fresh-ko-clean", "clean", [
        "데이터 정리해 줘",
        "{file}에서 중복이랑 빈 행 지워 주세요",
        "학습 전에 데이터셋 좀 깔끔하게 정리해 주실래요?",
        "빈줄 삭제해줘",
        "라벨이 '긍정', 'positive', 'pos'로 섞여 있는데 하나로 통일해 주세요",
    ]),
    # --- compare
    ("fresh-ko-compare", "compare", [
        "두 실행 결과 비교해 줘",
        "다시 학습한 게 처음보다 나아졌어요?",
        "어떤 실행이 정확도 제일 높았어?",
        "내 데이터에서는 QLoRA가 LoRA보다 잘 나왔나요?",
        "이전 모델이랑 새 모델 비교 부탁드립니다",
    ]),
    # --- export
    ("fresh-ko-export", "export", [
        "모델 onnx로 내보내 줘",
        "병합된 가중치로 받을 수 있나요?",
        "gguf 파일로 변환해 주세요",
        "앱에 넣을 수 있는 형식으로 모델 저장해 줘",
    ]),
    # --- export_script
    ("fresh-ko-export-script", "export_script", [
        "코랩에서 돌릴 수 있는 스크립트 주세요",
        "GPU 있는 컴퓨터에서 학습하게 노트북 파일 만들어 줄래?",
        "친구 GPU 서버에서 돌리고 싶은데 거기서 뭘 실행하면 돼요?",
        "colab 노트북으로 뽑아 주세요",
    ]),
    # --- publish
    ("fresh-ko-publish", "publish", [
        "허깅페이스 허브에 모델 올려 줘",
        "huggingface에 업로드해 주세요",
        "모델 카드랑 같이 공개해 주실 수 있어요?",
        "HF에 비공개로 푸시해줘",
    ]),
]
