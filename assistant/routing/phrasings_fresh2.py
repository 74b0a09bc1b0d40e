"""A second blind test set for the intent router, in English and Korean.

Written blind: by someone who never read phrasings_en.py, phrasings_ko.py, phrasings_fresh.py
(beyond its docstring), the cases_*.jsonl files or the evaluation sets, knowing only what each
intent means (route() in assistant/router.py), what the tools do (assistant/prompts/tools.yaml)
and how a family becomes cases (assistant/routing/build_cases.py). Never used for training or
tuning (not for the regularisation, not for the `unsure` threshold): measured only.
Do not edit these messages to make the router pass; a change here makes the set no longer blind.

Format: (family id, intent, variants). A variant is a message, or (message, args): for "predict"
the texts to classify as they appear in the message, or "file" for a whole uploaded file; for
"change" the settings the words state; for "inspect" the named columns. "{file}" is replaced by
the uploaded file's name.
"""

EN = [
    # --- faq: concept questions, with trap words; answered, never acted on
    ("fresh2-en-faq-lora-vs-qlora", "faq", [
        "whats the difference between lora and qlora",
        "can you explain what QLoRA actually does? i keep seeing it everywhere but have no idea",
        "is full fine-tuning always better than lora or is that a myth",
        "why would anyone pick qlora over plain lora, does the 4 bit thing hurt quality?",
        "in simple terms how does low rank adaptation work",
    ]),
    ("fresh2-en-faq-hyperparams", "faq", [
        "what is an epoch",
        "how many epochs is usually best for a small dataset, like in general?",
        "what does the learning rate even do. too high = bad?",
        "whats batch size and why does it matter",
        "does a bigger max length make trainig slower? just curious how that works",
    ]),
    ("fresh2-en-faq-metrics", "faq", [
        "what's the difference between precision and recall",
        "when should i look at f1 instead of accuracy",
        "how can you tell a model is overfitting? what are the usual signs",
        "explain what a confusion matrix is in general, i just want the concept",
        "what does baseline mean when people talk about model results?",
    ]),
    # --- hardware
    ("fresh2-en-hardware-my-machine", "hardware", [
        "do i have a gpu on this thing?",
        "how much ram does my computer have",
        "can my laptop even handle fine tuning or is it too weak",
        "what cpu am i running, how many cores",
        "is my pc good enough for qlora? i think there's some nvidia card in it but not sure which",
    ]),
    # --- none: small talk and out of scope
    ("fresh2-en-none-smalltalk", "none", [
        "thanks!!",
        "haha nice 😄",
        "good morning",
        "ok cool, you're really helpful",
        "wow that was quick",
    ]),
    ("fresh2-en-none-offtopic", "none", [
        "whats the weather like in seoul tomorrow",
        "write me a short poem about cats",
        "can you recommend a good pizza place nearby",
        "translate 'good night' into french",
        "who won the world cup in 2018",
    ]),
    # --- ask: too vague
    ("fresh2-en-ask-vague", "ask", [
        "do it",
        "that one",
        "and then?",
        "the other thing",
        "hmm the second one pls",
    ]),
    # --- inspect
    ("fresh2-en-inspect-look", "inspect", [
        "can you take a look at {file} first?",
        ("check my data, the text is in 'review_body' and the labels are in 'stars'",
         {"text_column": "review_body", "label_column": "stars"}),
        "what's in the file i just uploaded? how many rows and classes",
        "summarize the dataset for me pls",
        ("look over {file}, use column comment as the text and sentiment as the label",
         {"text_column": "comment", "label_column": "sentiment"}),
    ]),
    # --- train
    ("fresh2-en-train-new", "train", [
        "i want to fine-tune a model on {file}",
        "can you build me a classifier from this data",
        "train a sentiment model with my reviews",
        "hi, im new to this. i uploaded some support tickets and would like a model that sorts them into "
        "categories automatically. can you help me make one?",
        "teach a model to label these emails",
    ]),
    # --- train_go
    ("fresh2-en-train_go-now", "train_go", [
        "just start training now",
        "skip the explanation and kick it off",
        "no need to discuss anything, launch it right away",
        "begin the training immediately",
        "start now pls im in a hurry",
    ]),
    # --- recommend
    ("fresh2-en-recommend-settings", "recommend", [
        "what settings should i use for this data?",
        "which model would you suggest for {file}",
        "lora or qlora for my dataset, what do you recommend?",
        "what's the best base model and batch size for my file on this computer",
        "pick a good config for training on this",
    ]),
    # --- change
    ("fresh2-en-change-epochs-lr", "change", [
        ("make it 5 epochs", {"epochs": 5}),
        ("can we lower the learning rate to 3e-5?", {"learning_rate": 3e-5}),
        ("change epochs to 2 and lr 1e-4", {"epochs": 2, "learning_rate": 1e-4}),
        ("hmm 3 epochs seems too few, do 8 instead", {"epochs": 8}),
        ("set the learning rate at 0.0005", {"learning_rate": 0.0005}),
    ]),
    ("fresh2-en-change-method", "change", [
        ("use qlora instead", {"method": "qlora"}),
        ("switch to full fine-tuning", {"method": "full"}),
        ("i'd rather do lora with batch 8", {"method": "lora", "batch_size": 8}),
        ("can you do it with qlora? my gpu is small", {"method": "qlora"}),
        ("no lora, train all the weights", {"method": "full"}),
    ]),
    ("fresh2-en-change-batch-length", "change", [
        ("batch size 32 please", {"batch_size": 32}),
        ("cut max length to 128", {"max_length": 128}),
        ("bump the batch to 64 and max len 256", {"batch_size": 64, "max_length": 256}),
        ("my texts are long, set max_length 512", {"max_length": 512}),
        ("smaller batch, like 4, and only 1 epoch", {"batch_size": 4, "epochs": 1}),
    ]),
    # --- confirm
    ("fresh2-en-confirm-short", "confirm", [
        "yes",
        "sounds good, go",
        "ok do that",
        "yep looks fine 👍",
        "sure, let's go with those settings",
    ]),
    ("fresh2-en-confirm-long", "confirm", [
        "alright that works for me, start it",
        "perfect, proceed",
        "yes please, 11 minutes is fine",
        "ya thats ok",
        "agreed. go ahead with minilm and lora",
    ]),
    # --- status
    ("fresh2-en-status-progress", "status", [
        "is it done yet?",
        "hows the training going",
        "how much longer",
        "progress?",
        "still running? what step is it on",
    ]),
    # --- status_failed
    ("fresh2-en-status_failed-why", "status_failed", [
        "why did it fail?",
        "what went wrong with my run",
        "it crashed, what happened",
        "the training errored out, can you tell me the reason",
        "what caused the failure",
    ]),
    # --- cancel
    ("fresh2-en-cancel-stop", "cancel", [
        "stop the training",
        "cancel it, i used the wrong file",
        "abort the run please",
        "kill the job",
        "halt training now, i want to change something",
    ]),
    # --- resume
    ("fresh2-en-resume-continue", "resume", [
        "continue the run",
        "resume from the checkpoint",
        "can you pick it up where it stopped",
        "restart it from where it left off",
        "keep going with the training i cancelled",
    ]),
    # --- explain
    ("fresh2-en-explain-results", "explain", [
        "explain the results",
        "is 0.87 good?",
        "which classes does my model mix up the most",
        "what do these numbers mean for my model? is it better than the baseline",
        "how did my model do",
    ]),
    # --- predict
    ("fresh2-en-predict-texts", "predict", [
        ('what would the model say about "delivery took three weeks"', ["delivery took three weeks"]),
        ("label this: i love the new update", ["i love the new update"]),
        ('try it on "refund please" and "great service, thanks"', ["refund please", "great service, thanks"]),
        ("predict the sentiment of: the battery dies after an hour", ["the battery dies after an hour"]),
        ('is "worst purchase ever" positive or negative', ["worst purchase ever"]),
    ]),
    ("fresh2-en-predict-file", "predict", [
        ("run the model on {file} and label every row", "file"),
        ("label all rows in the file i uploaded", "file"),
        ("classify the whole csv with my new model", "file"),
        ("apply the trained model to {file}", "file"),
        ('tag these two: "app keeps crashing", "love the dark mode"', ["app keeps crashing", "love the dark mode"]),
    ]),
    # --- predict_notext
    ("fresh2-en-predict_notext-try", "predict_notext", [
        "i want to try my model",
        "let me test it",
        "can i use the model now?",
        "i'd like to run some predictions",
        "try the model out",
    ]),
    # --- label_issues
    ("fresh2-en-label_issues-find", "label_issues", [
        "find mislabeled rows in my data",
        "are there any wrong labels in {file}?",
        "i think some annotations are off, can you spot them",
        "check which examples have incorrect labels",
        "show me suspicious labels",
    ]),
    # --- clean
    ("fresh2-en-clean-tidy", "clean", [
        "clean up the data",
        "remove duplicates and empty rows",
        "the labels are spelled differently like Pos and positive, unify them",
        "tidy the file before training",
        "drop the blank lines and repeated texts from {file}",
    ]),
    # --- compare
    ("fresh2-en-compare-runs", "compare", [
        "compare my runs",
        "which run was better?",
        "was the qlora one better than the lora one",
        "show my runs side by side",
        "did the second training beat the first",
    ]),
    # --- export
    ("fresh2-en-export-model", "export", [
        "export the model",
        "can i download the trained model",
        "give me an onnx version",
        "i want to run it in ollama, make a gguf",
        "save the merged weights",
    ]),
    # --- export_script
    ("fresh2-en-export_script-code", "export_script", [
        "export the training script",
        "give me the code to reproduce this run",
        "i want to run this on colab, can you make a notebook",
        "can i get a python script that does the same training on my gpu server",
        "write out train.py for me",
    ]),
    # --- publish
    ("fresh2-en-publish-hub", "publish", [
        "publish the model to hugging face",
        "upload it to the hub",
        "share my model online",
        "push to huggingface under my account",
        "make the model public so my team can use it",
    ]),
]

KO = [
    # --- faq
    ("fresh2-ko-faq-lora-vs-qlora", "faq", [
        "lora랑 qlora 차이가 뭐예요?",
        "QLoRA가 정확히 뭔지 설명 좀 해주세요",
        "풀 파인튜닝이 lora보다 항상 좋은건가요?",
        "qlora 쓸 때 양자화하면 성능 많이 떨어져?",
        "로라가 어떤 원리로 돌아가는지 쉽게 알려줄 수 있어?",
    ]),
    ("fresh2-ko-faq-hyperparams", "faq", [
        "에폭이 뭐예요?",
        "보통 에폭은 몇 번이 제일 좋아요? 일반적으로요",
        "러닝레이트가 너무 크면 어떻게 되나요",
        "배치사이즈는 뭐고 왜 중요한거야",
        "과적합이 뭔지 설명해줘",
    ]),
    ("fresh2-ko-faq-metrics-data", "faq", [
        "정확도랑 f1 점수 차이가 뭐야",
        "precision이랑 recall 개념이 헷갈려요",
        "데이터가 몇 개 정도 있어야 분류 모델 학습이 잘 되나요?",
        "클래스 불균형이면 어떤 문제가 생겨요?",
        "베이스라인이 무슨 뜻이에요? 결과 볼때 자주 나오던데",
    ]),
    # --- hardware
    ("fresh2-ko-hardware-my-machine", "hardware", [
        "제 컴퓨터에 gpu 있어요?",
        "내 노트북 램 몇기가야?",
        "이 컴퓨터로 학습 돌릴 수 있을까요? 사양이 좀 낮아서 걱정돼요",
        "cpu 코어 몇 개인지 확인해줘",
        "내 그래픽카드 vram 얼마나 되는지 봐줄래",
    ]),
    # --- none
    ("fresh2-ko-none-smalltalk", "none", [
        "감사합니다!",
        "ㅋㅋㅋ 좋네요",
        "안녕하세요~",
        "오 대박 👍",
        "고마워 덕분에 살았다",
    ]),
    ("fresh2-ko-none-offtopic", "none", [
        "내일 서울 날씨 어때?",
        "고양이에 대한 시 하나 써줘",
        "점심 메뉴 추천해줘",
        "'오늘 정말 피곤하다' 영어로 번역해줄래?",
        "요즘 볼만한 영화 뭐 있어?",
    ]),
    # --- ask
    ("fresh2-ko-ask-vague", "ask", [
        "그거 해줘",
        "저거요",
        "그 다음은?",
        "아까 그거",
        "음 두번째 걸로",
    ]),
    # --- inspect
    ("fresh2-ko-inspect-look", "inspect", [
        "{file} 먼저 한번 봐줄래?",
        ("데이터 확인해주세요. 텍스트는 'document' 열이고 라벨은 'label' 열이에요",
         {"text_column": "document", "label_column": "label"}),
        "올린 파일에 몇 행 있고 클래스 몇 개인지 알려줘",
        "데이터셋 요약 좀 해주세요",
        ("리뷰내용 컬럼이 텍스트, 평점 컬럼이 라벨이야. 파일 좀 살펴봐",
         {"text_column": "리뷰내용", "label_column": "평점"}),
    ]),
    # --- train
    ("fresh2-ko-train-new", "train", [
        "{file}로 모델 파인튜닝 하고 싶어요",
        "이 데이터로 분류기 하나 만들어줘",
        "리뷰 감성분석 모델 학습시켜주세요",
        "안녕하세요 완전 초보인데요, 고객 문의를 카테고리별로 자동 분류하는 모델을 만들고 싶어요. "
        "파일은 올려놨어요. 도와주실 수 있나요?",
        "이걸로 모델 훈련해줘",
    ]),
    # --- train_go
    ("fresh2-ko-train_go-now", "train_go", [
        "그냥 바로 학습 시작해",
        "설명은 됐고 지금 돌려줘",
        "길게 얘기할 필요 없이 당장 시작해주세요",
        "빨리 학습 ㄱㄱ",
        "바로 트레이닝 들어가주세요 급해요",
    ]),
    # --- recommend
    ("fresh2-ko-recommend-settings", "recommend", [
        "이 데이터엔 어떤 설정이 좋을까요?",
        "{file}에 맞는 모델 추천해줘",
        "lora랑 qlora 중에 내 데이터엔 뭐가 나아?",
        "제 컴퓨터에서 돌리기 좋은 베이스 모델이랑 배치사이즈 추천 부탁드려요",
        "학습 설정 어떻게 잡으면 될지 골라줘",
    ]),
    # --- change
    ("fresh2-ko-change-epochs-lr", "change", [
        ("에폭 5로 해줘", {"epochs": 5}),
        ("러닝레이트 3e-5로 낮춰주세요", {"learning_rate": 3e-5}),
        ("에폭은 2, 학습률은 1e-4로 바꿔줘", {"epochs": 2, "learning_rate": 1e-4}),
        ("3에폭은 좀 적은 것 같아요 10으로 늘려주세요", {"epochs": 10}),
        ("lr 0.0005로 변경", {"learning_rate": 0.0005}),
    ]),
    ("fresh2-ko-change-method", "change", [
        ("qlora로 해줘", {"method": "qlora"}),
        ("풀 파인튜닝으로 바꿔주세요", {"method": "full"}),
        ("로라로 하고 배치 8로 해주세요", {"method": "lora", "batch_size": 8}),
        ("gpu 메모리가 작아서 그러는데 qlora로 돌려줄 수 있어요?", {"method": "qlora"}),
        ("lora 말고 전체 가중치 다 학습하는 걸로", {"method": "full"}),
    ]),
    ("fresh2-ko-change-batch-length", "change", [
        ("배치사이즈 32로요", {"batch_size": 32}),
        ("max length 128로 줄여줘", {"max_length": 128}),
        ("배치 64 최대길이 256으로 ㄱㄱ", {"batch_size": 64, "max_length": 256}),
        ("문장이 길어서 그런데 최대 길이 512로 설정해주세요", {"max_length": 512}),
        ("배치는 4로 작게, 에폭은 1번만 해", {"batch_size": 4, "epochs": 1}),
    ]),
    # --- confirm
    ("fresh2-ko-confirm-short", "confirm", [
        "네 좋아요",
        "ㅇㅇ 그걸로 해",
        "좋습니다 시작하죠",
        "오케이 ㄱㄱ",
        "네네 그 설정으로 가주세요",
    ]),
    ("fresh2-ko-confirm-long", "confirm", [
        "응",
        "그렇게 해주세요",
        "괜찮네요 11분이면 기다릴게요 진행해 주세요",
        "콜",
        "동의합니다. minilm에 lora로 가죠",
    ]),
    # --- status
    ("fresh2-ko-status-progress", "status", [
        "다 됐어?",
        "학습 잘 되고있나요?",
        "얼마나 남았어",
        "지금 몇 퍼센트야",
        "아직 돌아가는 중이에요? 몇 스텝까지 갔어요?",
    ]),
    # --- status_failed
    ("fresh2-ko-status_failed-why", "status_failed", [
        "왜 실패했어?",
        "학습이 중간에 죽었는데 이유가 뭐예요",
        "에러 났던데 뭐가 문제였어",
        "무엇 때문에 실패한 건지 알려주세요",
        "실행 터진 원인 좀 봐줘",
    ]),
    # --- cancel
    ("fresh2-ko-cancel-stop", "cancel", [
        "학습 멈춰줘",
        "취소해주세요 파일 잘못 올렸어요",
        "지금 돌고 있는거 중단해",
        "그만 돌려 설정 바꿀래",
        "트레이닝 스탑해주세요",
    ]),
    # --- resume
    ("fresh2-ko-resume-continue", "resume", [
        "이어서 학습해줘",
        "체크포인트부터 다시 재개해주세요",
        "멈춘 데서부터 계속 돌려줄래?",
        "아까 취소한 거 다시 이어서 해줘",
        "실패한 학습 마저 진행해주세요",
    ]),
    # --- explain
    ("fresh2-ko-explain-results", "explain", [
        "결과 설명해줘",
        "0.87이면 잘 나온 거예요?",
        "어떤 클래스끼리 제일 많이 헷갈렸어?",
        "베이스라인보다 얼마나 좋아진 건지 알려주세요",
        "모델 성능 어때? 쓸만해?",
    ]),
    # --- predict
    ("fresh2-ko-predict-texts", "predict", [
        ('"배송이 너무 늦어요" 이거 분류해줘', ["배송이 너무 늦어요"]),
        ("다음 문장 예측해주세요: 포장이 깔끔하고 맛있어요", ["포장이 깔끔하고 맛있어요"]),
        ('"환불해주세요"랑 "직원분이 친절했어요" 두 개 돌려봐', ["환불해주세요", "직원분이 친절했어요"]),
        ('"최악의 영화였다" 긍정이야 부정이야?', ["최악의 영화였다"]),
        ("이 문장 라벨 뭐로 나와? 배터리가 하루도 못 가요", ["배터리가 하루도 못 가요"]),
    ]),
    ("fresh2-ko-predict-file", "predict", [
        ("{file} 전체에 모델 돌려서 라벨 달아줘", "file"),
        ("올린 파일 모든 행 분류해주세요", "file"),
        ("학습된 모델로 csv 파일 통째로 예측해줘", "file"),
        ("새로 올린 {file}에 예측 결과 붙여주세요", "file"),
        ('"앱이 자꾸 꺼져요", "다크모드 좋아요" 이 둘 분류 부탁', ["앱이 자꾸 꺼져요", "다크모드 좋아요"]),
    ]),
    # --- predict_notext
    ("fresh2-ko-predict_notext-try", "predict_notext", [
        "모델 한번 써보고 싶어요",
        "테스트 해볼래",
        "이제 모델 사용할 수 있어?",
        "예측 좀 돌려보고 싶은데",
        "만든 모델 시험해볼게요",
    ]),
    # --- label_issues
    ("fresh2-ko-label_issues-find", "label_issues", [
        "라벨 잘못 달린 데이터 찾아줘",
        "{file}에 틀린 라벨 있는지 확인해 주세요",
        "어노테이션이 좀 이상한 게 섞여 있는 것 같은데 골라줄 수 있어?",
        "오라벨링된 행 있나 봐줘",
        "라벨이 의심스러운 샘플 보여주세요",
    ]),
    # --- clean
    ("fresh2-ko-clean-tidy", "clean", [
        "데이터 정리해줘",
        "중복이랑 빈 행 지워주세요",
        "라벨이 '긍정', '긍정적', 'pos' 이렇게 제각각인데 하나로 통일해줘",
        "학습 전에 파일 깨끗하게 손봐주세요",
        "{file}에서 빈칸이랑 겹치는 문장 없애줘",
    ]),
    # --- compare
    ("fresh2-ko-compare-runs", "compare", [
        "내 실행들 비교해줘",
        "어떤 실행이 더 잘 나왔어?",
        "qlora로 한 거랑 lora로 한 거 중에 뭐가 나아요?",
        "두 번 학습한 거 나란히 놓고 보여줘",
        "두번째 학습이 첫번째보다 좋아졌나요?",
    ]),
    # --- export
    ("fresh2-ko-export-model", "export", [
        "모델 내보내줘",
        "학습된 모델 다운로드 할 수 있어요?",
        "onnx로 변환해주세요",
        "올라마에서 쓰고 싶은데 gguf로 뽑아줘",
        "병합된 가중치로 저장해주세요",
    ]),
    # --- export_script
    ("fresh2-ko-export_script-code", "export_script", [
        "학습 스크립트 내보내줘",
        "이 실행 똑같이 재현하는 코드 주세요",
        "코랩에서 돌리고 싶은데 노트북 파일 만들어 줄래?",
        "회사 gpu 서버에서 같은 학습 돌릴 수 있게 파이썬 코드로 뽑아주세요",
        "train.py 좀 써줘",
    ]),
    # --- publish
    ("fresh2-ko-publish-hub", "publish", [
        "허깅페이스에 모델 올려줘",
        "허브에 업로드해주세요",
        "내 모델 온라인에 공유하고 싶어",
        "huggingface 내 계정으로 푸시해줘",
        "팀원들도 쓸 수 있게 모델 공개해 주세요",
    ]),
]
