"""A third blind test set for the intent router, in English and Korean.

Written blind: by someone who never read phrasings_en.py, phrasings_ko.py, phrasings_fresh.py (beyond
its format docstring), phrasings_fresh2.py, the cases_*.jsonl files or the evaluation sets, knowing only
what each intent means (route() in assistant/router.py) and what the tools do
(assistant/prompts/tools.yaml). Never used for training or tuning (not for the regularisation, not for
the `unsure` threshold): measured only. Do not edit these messages to make the router pass; a change
here makes the set no longer blind.

Format: (family id, intent, variants). A variant is a message, or (message, args): for "predict"
the texts to classify as they appear in the message, or "file" for a whole uploaded file; for
"change" the settings the words state; for "inspect" the named columns. "{file}" is replaced by
the uploaded file's name.
"""

EN = [
    # --- faq: concept / how-to questions (with trap words) ---
    ("fresh3-en-faq-lora-qlora", "faq", [
        "whats the actual difference between lora and qlora? is one of them always better",
        "can you explain in plain words what QLoRA does to a model",
        "i keep seeing 'rank' in lora tutorials. what does r=16 even mean",
        "is qlora slower than normal lora or about the same speed?",
        "eli5 low rank adaptation pls 🙏",
    ]),
    ("fresh3-en-faq-training-basics", "faq", [
        "how many epochs is usually best for a small dataset, like 500 rows?",
        "what happens if you train for too many epochs. does the model actually get worse",
        "how can you tell a model is overfitting",
        "why do people keep a validation split when they already have training data?",
        "is a learning rate of 2e-4 considered high or low? no clue what a normal value looks like",
    ]),
    ("fresh3-en-faq-metrics", "faq", [
        "what is f1 score and why isnt accuracy enough",
        "precision vs recall, which one matters more for something like spam detection?",
        "in general what does 'macro' mean when people report results like macro f1 0.71",
        "what is a confusion matrix? just the concept, i've never seen one",
        "how does predicting on new text work under the hood once a classifier is trained?",
    ]),
    # --- hardware ---
    ("fresh3-en-hardware-what-gpu", "hardware", [
        "do i even have a gpu in this thing",
        "Which graphics card is in my computer?",
        "how much ram does my machine have",
        "check my hardware please, i wanna know what im working with",
        "is cuda available on this box or am i stuck on cpu",
    ]),
    ("fresh3-en-hardware-can-it-train", "hardware", [
        "will my laptop manage fine-tuning or is it too weak",
        "my pc is kinda old (i5, 8gb ram). can it actually train a model on here?",
        "how many cpu cores have i got",
        "is my computer fast enough for this? trying to decide if i need to rent a cloud machine",
        "can this macbook train at all? it's an m1 air with 8 gigs",
    ]),
    # --- none: small talk and out of scope ---
    ("fresh3-en-none-smalltalk", "none", [
        "thanks a lot!!",
        "ok cool",
        "lol nice 😄",
        "hello there",
        "you're a lifesaver, seriously",
    ]),
    ("fresh3-en-none-offtopic", "none", [
        "whats the weather going to be like in berlin tomorrow",
        "write me a short poem about autumn leaves",
        "can you recommend a good pizza place near me",
        "who won the football match last night?",
        "translate 'good morning' into french",
    ]),
    # --- ask: too vague ---
    ("fresh3-en-ask-vague", "ask", [
        "do it",
        "that one",
        "and then?",
        "ok now do the thing",
        "the other one pls",
    ]),
    # --- inspect ---
    ("fresh3-en-inspect-look", "inspect", [
        "can you take a look at {file} and tell me whats in it",
        "summarise my data pls",
        ("check the file. the text is in 'review_body' and the labels are in 'stars'",
         {"text_column": "review_body", "label_column": "stars"}),
        "how many rows and classes are in {file}?",
        ("the sentences are in column msg and the category is in column tag, does the data look ok?",
         {"text_column": "msg", "label_column": "tag"}),
    ]),
    # --- train: a new fine-tuning request ---
    ("fresh3-en-train-new", "train", [
        "i want to fine-tune a model on {file} to sort tickets by topic",
        "can you build me a classifier from this data",
        "teach a model to tell positive from negative reviews using my csv",
        "help me make a model that learns these labels",
        "I'd like to train something on the file I just uploaded. It's customer emails tagged by department, "
        "and I want new emails routed automatically.",
    ]),
    # --- train_go: just start now ---
    ("fresh3-en-train-go", "train_go", [
        "skip the details and just start training now",
        "no need to explain anything, kick it off",
        "just run it already",
        "begin the training right away please, im in a hurry",
        "go go go 🚀 launch the fine-tune",
    ]),
    # --- recommend ---
    ("fresh3-en-recommend-settings", "recommend", [
        "what settings would you suggest for my data?",
        "which base model should i pick for {file}",
        "lora or full fine tuning, whats better for this dataset",
        "what batch size and learning rate would work well for this on my machine",
        "honestly not sure what to choose. what would you go with for this file?",
    ]),
    # --- change: settings of the proposed run ---
    ("fresh3-en-change-epochs", "change", [
        ("make it 5 epochs instead", {"epochs": 5}),
        ("can we do 2 epochs? 3 feels like too long", {"epochs": 2}),
        ("bump the epochs up to 8", {"epochs": 8}),
        ("epochs=4 pls", {"epochs": 4}),
        ("only train for one epoch", {"epochs": 1}),
    ]),
    ("fresh3-en-change-lr-batch", "change", [
        ("lower the learning rate to 5e-5", {"learning_rate": 5e-5}),
        ("set batch size to 8, my gpu is small", {"batch_size": 8}),
        ("lr 1e-4 and batch 32", {"learning_rate": 1e-4, "batch_size": 32}),
        ("change the learning rate to 0.0003", {"learning_rate": 0.0003}),
        ("use a batch of 4 and a max length of 256", {"batch_size": 4, "max_length": 256}),
    ]),
    ("fresh3-en-change-method", "change", [
        ("switch to qlora", {"method": "qlora"}),
        ("i'd rather do a full fine-tune, not lora", {"method": "full"}),
        ("keep lora but give it 6 epochs", {"method": "lora", "epochs": 6}),
        ("can you cut the max sequence length to 128 tokens", {"max_length": 128}),
        ("go with qlora and lr 2e-5 please", {"method": "qlora", "learning_rate": 2e-5}),
    ]),
    # --- confirm: agreement to the proposal ---
    ("fresh3-en-confirm-short", "confirm", [
        "yes",
        "yep sounds good",
        "ok go ahead",
        "sure, do that",
        "👍 looks fine",
    ]),
    ("fresh3-en-confirm-long", "confirm", [
        "those settings look fine to me, lets start",
        "perfect, go with what you proposed",
        "alright i trust you. start it with those",
        "yes please run it like that",
        "thats exactly what i wanted, proceed",
    ]),
    # --- status ---
    ("fresh3-en-status-progress", "status", [
        "hows the training going?",
        "is it done yet",
        "how much longer will it take",
        "what step is it on now?",
        "any progress? it's been a while",
    ]),
    # --- status_failed ---
    ("fresh3-en-status-failed-why", "status_failed", [
        "why did my run fail?",
        "what went wrong with the training",
        "it says failed. what happened",
        "what caused the error? i didnt change anything",
        "the run crashed, can you tell me the reason",
    ]),
    # --- cancel ---
    ("fresh3-en-cancel-stop", "cancel", [
        "stop the training",
        "cancel it, i used the wrong file",
        "kill the run please",
        "abort! i want to change something first",
        "please halt the current training job",
    ]),
    # --- resume ---
    ("fresh3-en-resume-continue", "resume", [
        "continue the run from where it stopped",
        "resume training please",
        "can you pick it back up from the last checkpoint",
        "restart it where it left off, dont start from zero",
        "keep going with the one i cancelled",
    ]),
    # --- explain: the finished run's results ---
    ("fresh3-en-explain-results", "explain", [
        "so is 0.87 good or bad?",
        "explain the results to me",
        "which classes does it mix up the most",
        "what does my model's confusion matrix show",
        "how did my model do compared to the baseline?",
    ]),
    # --- predict ---
    ("fresh3-en-predict-texts", "predict", [
        ('classify "the package arrived broken"', ["the package arrived broken"]),
        ("what label would it give to: i love this phone", ["i love this phone"]),
        ('try these two: "refund please" and "where is my order"', ["refund please", "where is my order"]),
        ("run the model on 'the battery dies after an hour'", ["the battery dies after an hour"]),
        ('is "worst customer service ever" positive or negative according to my model?',
         ["worst customer service ever"]),
    ]),
    ("fresh3-en-predict-file-mixed", "predict", [
        ("label every row in {file} with the new model", "file"),
        ("run predictions on the whole file", "file"),
        ("use the trained model to tag all the tickets in the uploaded file", "file"),
        ('predict: "great value for money"', ["great value for money"]),
        ("classify this for me -> screen cracked on day one", ["screen cracked on day one"]),
    ]),
    # --- predict_notext ---
    ("fresh3-en-predict-notext", "predict_notext", [
        "i want to try out my model",
        "can i test it now?",
        "let me use the model on something",
        "ok lets predict some stuff",
        "i'd like to classify a few sentences with it",
    ]),
    # --- label_issues ---
    ("fresh3-en-label-issues", "label_issues", [
        "find rows that look mislabelled",
        "are there any wrong labels in my data?",
        "check for annotation mistakes please",
        "i think some of the tags are incorrect, can you spot them",
        "which examples might have been given the wrong class",
    ]),
    # --- clean ---
    ("fresh3-en-clean-data", "clean", [
        "remove the duplicates from {file}",
        "clean up my data file",
        "delete the empty rows",
        "some labels are spelled 'Pos' and some 'positive', can you unify them",
        "tidy the dataset before training. get rid of blank lines and repeats",
    ]),
    # --- compare ---
    ("fresh3-en-compare-runs", "compare", [
        "compare my runs",
        "which run was better?",
        "was the qlora one better than the first run",
        "show me my training runs side by side",
        "did the second attempt beat the first?",
    ]),
    # --- export ---
    ("fresh3-en-export-model", "export", [
        "export the model",
        "can i download the trained weights",
        "give me the merged model so i can use it elsewhere",
        "convert it to gguf for ollama",
        "i need an onnx version of it",
    ]),
    # --- export_script ---
    ("fresh3-en-export-script", "export_script", [
        "give me the training code so i can run it myself",
        "export a python script that reproduces this run",
        "can i get a standalone script for this training",
        "i want the code for what you just did",
        "save the training as a .py file i can run on my server",
    ]),
    # --- publish ---
    ("fresh3-en-publish-hub", "publish", [
        "publish the model on hugging face",
        "upload it to the hub",
        "share my model online pls",
        "push it to my hf account",
        "put the model on huggingface so my team can use it",
    ]),
]

KO = [
    # --- faq ---
    ("fresh3-ko-faq-lora-qlora", "faq", [
        "lora랑 qlora 차이가 뭐예요?",
        "QLoRA가 정확히 뭐 하는 건지 쉽게 설명해 주세요",
        "로라에서 rank 16 이런 건 무슨 뜻이야",
        "파인튜닝이랑 처음부터 학습하는 거랑 뭐가 달라요",
        "양자화하면 성능이 많이 떨어지나요? 4비트로 하면 좀 걱정돼서요",
    ]),
    ("fresh3-ko-faq-training-basics", "faq", [
        "에폭은 보통 몇 번이 제일 좋아요? 데이터가 천 개 정도일 때요",
        "러닝레이트가 너무 크면 어떻게 돼?",
        "과적합인지 아닌지 어떻게 알수있나요",
        "배치사이즈 키우면 뭐가 좋아짐?",
        "검증 데이터는 왜 따로 떼어 놓는 거예요",
    ]),
    ("fresh3-ko-faq-metrics", "faq", [
        "f1 점수가 뭔지 설명 좀 해줘",
        "정확도랑 정밀도는 뭐가 다른 거예요?",
        "혼동행렬은 보통 어떻게 읽는 건가요",
        "재현율이 낮다는 게 무슨 의미야",
        "분류 모델이 새 문장을 예측할 때 원리가 어떻게 돼요?",
    ]),
    # --- hardware ---
    ("fresh3-ko-hardware-what-gpu", "hardware", [
        "내 컴퓨터에 gpu 있어?",
        "제 pc 그래픽카드 뭔지 확인해 주세요",
        "램 몇 기가인지 알려줘",
        "이 컴퓨터 쿠다 쓸 수 있는 환경인가요?",
        "내 노트북 사양 좀 봐줘",
    ]),
    ("fresh3-ko-hardware-can-it-train", "hardware", [
        "이 노트북으로 학습 돌릴 수 있을까요?",
        "제 컴퓨터가 좀 오래됐는데 파인튜닝 가능한가요",
        "cpu 코어 몇개야",
        "내 맥북 m1 에어인데 이걸로 훈련 되나",
        "제 사양으로 돌리면 너무 느릴까요? 그래픽카드가 없는 것 같아서요",
    ]),
    # --- none ---
    ("fresh3-ko-none-smalltalk", "none", [
        "감사합니다!",
        "ㅇㅋ 고마워",
        "안녕하세요~",
        "오 대박 ㅋㅋ",
        "수고하셨어요 😊",
    ]),
    ("fresh3-ko-none-offtopic", "none", [
        "내일 서울 날씨 어때?",
        "가을에 관한 시 하나 써줘",
        "점심 메뉴 추천해줘",
        "어제 야구 누가 이겼어?",
        "'좋은 아침'을 영어로 번역해 주세요",
    ]),
    # --- ask ---
    ("fresh3-ko-ask-vague", "ask", [
        "그거 해줘",
        "저거요",
        "그 다음은?",
        "아까 그거",
        "이거 어떻게 좀 해봐",
    ]),
    # --- inspect ---
    ("fresh3-ko-inspect-look", "inspect", [
        "{file} 내용 좀 봐줄래?",
        "올린 데이터 요약해 주세요",
        ("텍스트는 'document' 열이고 라벨은 'label' 열이야. 확인해줘",
         {"text_column": "document", "label_column": "label"}),
        "이 파일 몇 행이고 클래스는 몇 개인지 알려줘",
        ("문장은 review 컬럼, 정답은 sentiment 컬럼에 있어요. 데이터 괜찮은지 한번 봐주세요",
         {"text_column": "review", "label_column": "sentiment"}),
    ]),
    # --- train ---
    ("fresh3-ko-train-new", "train", [
        "{file}로 모델 하나 만들어 줘",
        "이 데이터로 파인튜닝 하고 싶어요",
        "리뷰 긍정 부정 분류하는 모델 학습시켜주세요",
        "고객 문의를 카테고리별로 나누는 분류기를 만들고 싶은데 도와줄 수 있어? 파일은 방금 올렸어",
        "올린 파일로 훈련 좀 시켜줘",
    ]),
    # --- train_go ---
    ("fresh3-ko-train-go", "train_go", [
        "설명은 됐고 바로 학습 시작해",
        "그냥 지금 돌려줘",
        "빨리 시작해 주세요 급해요",
        "묻지 말고 그냥 학습 ㄱㄱ",
        "당장 훈련 시작!",
    ]),
    # --- recommend ---
    ("fresh3-ko-recommend-settings", "recommend", [
        "제 데이터엔 어떤 설정이 좋을까요?",
        "{file}에는 어떤 모델 쓰는 게 나아?",
        "lora랑 풀 파인튜닝 중에 이 데이터엔 뭐가 맞아요",
        "배치사이즈랑 러닝레이트 몇으로 하면 될지 추천해줘",
        "뭘 골라야 할지 모르겠어요. 이 파일에 맞는 설정 알려주세요",
    ]),
    # --- change ---
    ("fresh3-ko-change-epochs", "change", [
        ("에폭 5로 해줘", {"epochs": 5}),
        ("3에폭은 너무 오래 걸려요 2로 줄여 주세요", {"epochs": 2}),
        ("10에폭으로 바꿔", {"epochs": 10}),
        ("epoch 4로 변경해주세요", {"epochs": 4}),
        ("한 에폭만 돌리자", {"epochs": 1}),
    ]),
    ("fresh3-ko-change-lr-batch", "change", [
        ("러닝레이트 5e-5로 낮춰줘", {"learning_rate": 5e-5}),
        ("gpu가 작아서요 배치사이즈 8로 해 주세요", {"batch_size": 8}),
        ("학습률 1e-4, 배치 32로 바꿔줘", {"learning_rate": 1e-4, "batch_size": 32}),
        ("lr을 0.0003으로 설정해 줘요", {"learning_rate": 0.0003}),
        ("배치 4에 최대 길이 256으로 부탁해요", {"batch_size": 4, "max_length": 256}),
    ]),
    ("fresh3-ko-change-method", "change", [
        ("qlora로 해줘", {"method": "qlora"}),
        ("로라 말고 풀 파인튜닝으로 할게요", {"method": "full"}),
        ("lora로 하되 에폭은 6으로", {"method": "lora", "epochs": 6}),
        ("최대 길이 128 토큰으로 줄여주세요", {"max_length": 128}),
        ("qlora에 학습률 2e-5로 바꿔 주세요", {"method": "qlora", "learning_rate": 2e-5}),
    ]),
    # --- confirm ---
    ("fresh3-ko-confirm-short", "confirm", [
        "네",
        "ㅇㅇ 좋아",
        "넵 진행해주세요",
        "오케이 ㄱㄱ",
        "좋아요 👍",
    ]),
    ("fresh3-ko-confirm-long", "confirm", [
        "그 설정 괜찮네요 그걸로 시작해 주세요",
        "제안해 준 대로 해줘",
        "네 그렇게 진행하시면 됩니다",
        "좋습니다, 말씀하신 설정으로 학습 돌려주세요",
        "딱 원하던 거야 그대로 가자",
    ]),
    # --- status ---
    ("fresh3-ko-status-progress", "status", [
        "학습 잘 되고 있어?",
        "다 끝났나요?",
        "얼마나 더 걸려요",
        "지금 몇 스텝째야",
        "진행상황 어때요? 한참 된 것 같은데",
    ]),
    # --- status_failed ---
    ("fresh3-ko-status-failed-why", "status_failed", [
        "왜 실패했어?",
        "학습이 뭐가 잘못된 거예요?",
        "실패라고 뜨는데 무슨 일이야",
        "에러 원인이 뭔가요? 아무것도 안 건드렸는데",
        "돌리다가 터졌네 이유 좀 알려줘",
    ]),
    # --- cancel ---
    ("fresh3-ko-cancel-stop", "cancel", [
        "학습 멈춰줘",
        "취소해 주세요 파일 잘못 올렸어요",
        "지금 돌아가는 거 중단해",
        "그만! 설정 바꾸고 싶어",
        "현재 훈련 작업 중지해 주세요",
    ]),
    # --- resume ---
    ("fresh3-ko-resume-continue", "resume", [
        "멈춘 데서부터 이어서 해줘",
        "학습 재개해 주세요",
        "마지막 체크포인트부터 다시 돌려줄래?",
        "처음부터 말고 끊긴 데부터 계속해요",
        "아까 취소한 거 이어서 진행해줘",
    ]),
    # --- explain ---
    ("fresh3-ko-explain-results", "explain", [
        "0.87이면 잘 나온 거야?",
        "결과 좀 설명해 주세요",
        "어떤 클래스끼리 제일 많이 헷갈려?",
        "내 모델 혼동행렬 보면 어때요",
        "기준선이랑 비교하면 성능 어떤가요",
    ]),
    # --- predict ---
    ("fresh3-ko-predict-texts", "predict", [
        ('"배송이 너무 늦어요" 분류해줘', ["배송이 너무 늦어요"]),
        ("이 문장은 라벨 뭐로 나와? 정말 만족스러운 제품입니다", ["정말 만족스러운 제품입니다"]),
        ('"환불해 주세요"랑 "주문 어디까지 왔나요" 두 개 돌려줘', ["환불해 주세요", "주문 어디까지 왔나요"]),
        ("'배터리가 한 시간도 못 가요' 이거 모델로 예측해 봐", ["배터리가 한 시간도 못 가요"]),
        ('"서비스 최악" 이거 내 모델은 긍정으로 봐 부정으로 봐?', ["서비스 최악"]),
    ]),
    ("fresh3-ko-predict-file-mixed", "predict", [
        ("{file} 전체 행에 라벨 달아줘", "file"),
        ("파일 전부 예측 돌려주세요", "file"),
        ("학습된 모델로 올린 파일에 있는 문의들 다 분류해줘", "file"),
        ('예측: "가성비 좋아요"', ["가성비 좋아요"]),
        ("이거 분류 좀 -> 첫날부터 화면 깨짐", ["첫날부터 화면 깨짐"]),
    ]),
    # --- predict_notext ---
    ("fresh3-ko-predict-notext", "predict_notext", [
        "모델 한번 써보고 싶어요",
        "이제 테스트해 봐도 돼?",
        "만든 모델로 뭐 좀 돌려볼래",
        "예측 해보고 싶은데",
        "문장 몇 개 분류시켜 보고 싶어요",
    ]),
    # --- label_issues ---
    ("fresh3-ko-label-issues", "label_issues", [
        "라벨 잘못 붙은 행 찾아줘",
        "데이터에 틀린 라벨 있나요?",
        "어노테이션 실수 있는지 확인해 주세요",
        "몇몇 태그가 이상한 것 같은데 찾아줄 수 있어?",
        "클래스가 잘못 달린 것 같은 예시 골라줘",
    ]),
    # --- clean ---
    ("fresh3-ko-clean-data", "clean", [
        "{file}에서 중복 제거해줘",
        "데이터 파일 정리해 주세요",
        "빈 행 다 지워줘",
        "라벨이 '긍정'이랑 'pos'로 섞여 있는데 하나로 통일해 줄래요?",
        "학습 전에 데이터 좀 깔끔하게 해줘 빈칸이랑 중복된 거 빼고",
    ]),
    # --- compare ---
    ("fresh3-ko-compare-runs", "compare", [
        "내 실행들 비교해줘",
        "어느 실행이 더 나았어?",
        "qlora로 돌린 게 처음 거보다 좋아요?",
        "학습 기록들 나란히 보여줘",
        "두 번째 시도가 첫 번째보다 잘 나왔나요",
    ]),
    # --- export ---
    ("fresh3-ko-export-model", "export", [
        "모델 내보내 줘",
        "학습된 가중치 다운로드할 수 있어요?",
        "다른 데서 쓰게 병합된 모델 주세요",
        "ollama에서 쓰게 gguf로 변환해줘",
        "onnx 버전이 필요해요",
    ]),
    # --- export_script ---
    ("fresh3-ko-export-script", "export_script", [
        "학습 코드 줘 내가 직접 돌려볼게",
        "이 실행 재현하는 파이썬 스크립트 뽑아줘",
        "독립적으로 돌릴 수 있는 학습 스크립트 받을 수 있나요",
        "방금 한 거 코드로 주세요",
        "서버에서 돌릴 수 있게 .py 파일로 저장해 줘",
    ]),
    # --- publish ---
    ("fresh3-ko-publish-hub", "publish", [
        "허깅페이스에 모델 올려줘",
        "hub에 업로드해 주세요",
        "내 모델 온라인에 공유해줘",
        "hf 계정에 푸시해",
        "팀원들이 쓸 수 있게 huggingface에 배포해 주세요",
    ]),
]
