"""English phrasing families of the routing data set (a text table; see README.md).

Each family: (id, intent, variants). A family is one way of saying one thing; its variants are
rewordings of it (short/long, question/command, typos, casual/formal). Families, not variants, are
split between train, dev and test, so a test message never has a sibling in train.
A variant is a message, or (message, args): the arguments a correct call must carry, taken from
the message's own words. "{file}" is replaced by the attached file's name.
Intents are resolved against the conversation state in build_cases.py (a "status" question with no
run is answered without a tool, a "train" request with no file asks back).
"""

FAMILIES = [
    # ---- concept questions: always search_faq, whatever is on screen. Trap words on purpose.
    ("faq-en-whatis", "faq", [
        "What is LoRA?", "what's lora", "What exactly is QLoRA?", "what is a learning rate",
        "What does weight decay do?", "what is overfitting", "Define F1 score please",
        "What is gradient checkpointing?", "what's an epoch", "What is mixed precision training?"]),
    ("faq-en-difference", "faq", [
        "What's the difference between LoRA and QLoRA?", "lora vs full fine-tuning, what's the difference?",
        "How is precision different from recall?", "Adam vs AdamW - which one and why?",
        "difference between validation set and test set", "Is QLoRA slower than LoRA?",
        "LoRA or QLoRA for a small GPU, which is better in general?"]),
    ("faq-en-explain-trap", "faq", [
        "Can you explain what LoRA rank means?", "Explain the confusion matrix to me like I'm new to this",
        "explain what a learning rate scheduler does", "Please explain overfitting in simple words",
        "Could you explain how QLoRA saves memory?", "explain dropout", "explain to me what macro F1 is"]),
    ("faq-en-results-trap", "faq", [
        "How should I read evaluation results in general?", "What do good results look like for a classifier?",
        "Why are accuracy results sometimes misleading?", "what results should I expect from a 270M model?",
        "Is 90% accuracy a good result?", "how do people report results for imbalanced data"]),
    ("faq-en-predict-trap", "faq", [
        "How does a fine-tuned model predict a label?", "What does it mean when a model predicts the majority class?",
        "Why would a model predict the same class for everything?", "how are prediction scores calculated",
        "Can a classifier predict classes it never saw in training?"]),
    ("faq-en-train-trap", "faq", [
        "How long does it usually take to train a LoRA adapter?", "Is it possible to train on a CPU at all?",
        "How many epochs should I train for?", "should I train with a bigger batch size?",
        "When should I stop training?", "does training longer always help?", "What happens during training exactly?"]),
    ("faq-en-howto", "faq", [
        "How do I choose the LoRA rank and alpha?", "how do i pick a learning rate", "How do I fix class imbalance?",
        "How can I prevent overfitting?", "how to deal with noisy labels", "How do I merge a LoRA adapter into the base model?",
        "How do I avoid data leakage between train and test?"]),
    ("faq-en-why", "faq", [
        "Why do I need a validation set?", "why does my loss become NaN", "Why is my loss not going down?",
        "why use a warmup", "Why is a smaller learning rate used for fine-tuning than pretraining?",
        "why would fine-tuning make a model forget things"]),
    ("faq-en-should", "faq", [
        "Should I use LoRA or fine-tune all the weights?", "Is fine-tuning better than prompting?",
        "should I clean my data before fine-tuning", "Do I need a GPU for QLoRA in general?",
        "Is data augmentation worth it for text?", "Should I use bf16 or fp16?"]),
    ("faq-en-howmuch", "faq", [
        "How much data do I need to fine-tune a classifier?", "how many examples per class is enough",
        "How much GPU memory does a 7B model need for QLoRA?", "how big should my model be for 5k examples",
        "What batch size is typical for LoRA?"]),
    ("faq-en-typo", "faq", [
        "wat is qlora", "whats the diffrence between precison and recall", "how do i chose a learnign rate",
        "what is overfiting", "explian lora rank plz", "what does graident checkpointing do"]),
    ("faq-en-long", "faq", [
        "I keep reading about LoRA adapters everywhere, but I don't really get what they are or why they'd be cheaper than normal fine-tuning. Could you explain?",
        "My friend said I should use a learning rate warmup and cosine decay, but I don't know what either means. What are they?",
        "I'm new to this. When people talk about precision, recall and F1, what's the intuition behind each of them?",
        "Before I start anything: what is the general idea of fine-tuning a pretrained model versus training one from scratch?",
        "I have a dataset where 95% of the rows are one label. In general, what are good ways to handle that?"]),
    ("faq-en-korean-models", "faq", [
        "Which models work well for Korean text?", "what base model is good for korean classification",
        "Does MiniLM understand Korean?", "recommend a model family for Korean in general"]),
    ("faq-en-ecosystem", "faq", [
        "What is the Hugging Face Hub?", "How do I save and share my adapter?", "what's peft",
        "How do I track my experiments properly?", "where can I rent a cloud GPU?"]),
    # ---- hardware: the user's own machine
    ("hw-en-direct", "hardware", [
        "Do I have a GPU in here?", "what GPU is in this machine", "Check my hardware", "How much RAM does this computer have?",
        "how many cpu cores do i have", "Is there CUDA on this box?", "what are my machine specs"]),
    ("hw-en-capability", "hardware", [
        "Can my computer handle QLoRA?", "Is this machine strong enough to fine-tune a model?",
        "Will training fit in my memory?", "can this laptop run 4-bit training", "does my pc support bf16?",
        "is my gpu good enough for lora"]),
    ("hw-en-casual", "hardware", [
        "check my specs pls", "hw check", "what am i running on", "gpu?", "how much vram have i got",
        "tell me about this computer"]),
    # ---- inspect an attached file
    ("inspect-en-check", "inspect", [
        "Can you check {file}?", "Look at my data", "Inspect the file I uploaded", "check the dataset for problems",
        "Is my data OK?", "take a look at {file} please", "analyse this file"]),
    ("inspect-en-question", "inspect", [
        "How many rows does my file have?", "what columns are in {file}?", "Are my labels balanced?",
        "what language is my data in", "Does my dataset have duplicates?", "how long are the texts in my file",
        "Which column is the label?"]),
    ("inspect-en-columns", "inspect", [
        ("Use the column 'review' as text and 'stars' as label and check it", {"text_column": "review", "label_column": "stars"}),
        ("text column is body, label column is category - inspect it", {"text_column": "body", "label_column": "category"}),
        ("check {file}, the labels are in 'sentiment'", {"label_column": "sentiment"}),
        ("the text is in column 'comment', can you look at the data", {"text_column": "comment"})]),
    # ---- wants to fine-tune (inspection first; with a proposal on screen it is a go)
    ("train-en-want", "train", [
        "I want to fine-tune a model on this", "Train a model on my data", "fine-tune something on {file}",
        "let's train a classifier", "Can you train a sentiment model with this file?",
        "I'd like to build a model from my CSV", "make me a model from this data"]),
    ("train-en-short", "train_go", [
        "train it", "fine tune it", "train", "lets train", "go train", "train now pls"]),
    ("train-en-start", "train_go", [
        "Start training", "begin fine-tuning", "start the fine-tuning now", "Kick off the training",
        "launch the training run", "run the training"]),
    ("train-en-goal", "train", [
        "I need a model that sorts support tickets by topic, here's my data",
        "Build a spam detector from this file", "train a model to classify reviews as positive or negative",
        "can you make a model that tags my product reviews", "I want to classify news headlines with this"]),
    # ---- settings
    ("rec-en-ask", "recommend", [
        "What settings should I use?", "Which hyperparameters fit {file}?", "recommend settings for my data",
        "What base model would you pick for this?", "suggest a LoRA config", "what learning rate for my dataset?",
        "how many epochs for this file?"]),
    ("rec-en-goal", "recommend", [
        ("Recommend settings, I want the fastest run possible", {"goal": "fastest"}),
        ("what's the most accurate setup for this data", {}),
        ("I only have a few minutes - what settings?", {}),
        ("Give me settings for best accuracy", {"goal": "best accuracy"}),
        ("propose a configuration for sentiment classification", {})]),
    ("rec-en-method", "recommend", [
        ("Use QLoRA", {"method": "qlora"}), ("I'd rather use qlora for this", {"method": "qlora"}),
        ("switch to full fine-tuning", {"method": "full"}), ("plain LoRA please, not QLoRA", {"method": "lora"}),
        ("can we do it with QLoRA instead?", {"method": "qlora"})]),
    ("rec-en-change", "change", [
        ("yes but with 5 epochs", {"epochs": 5}), ("make it 2 epochs", {"epochs": 2}),
        ("change the learning rate to 1e-4", {"learning_rate": 1e-4}), ("can you use batch size 16 instead", {"batch_size": 16}),
        ("lower the lr to 5e-5 and then ask me again", {"learning_rate": 5e-5}), ("ok but max length 128", {"max_length": 128})]),
    # ---- confirmations (a go only when a proposal waits for one)
    ("yes-en-plain", "confirm", [
        "yes", "Yes please", "ok", "sure", "go ahead", "yep", "do it", "sounds good", "okay start"]),
    ("yes-en-long", "confirm", [
        "Yes, start the training", "looks good, go ahead", "Perfect, let's do it", "alright, start it",
        "ok go", "yes go ahead please", "Sure, launch it"]),
    # ---- progress of a run
    ("status-en-done", "status", [
        "is it done?", "Done yet?", "finished?", "Has my run finished?", "is training complete", "is it over yet",
        "r u done"]),
    ("status-en-progress", "status", [
        "How far along is the training?", "what's the progress", "how much longer?", "What step is it on?",
        "how's it going", "Any update on the run?", "how is the loss looking", "What's the ETA?"]),
    ("status-en-check", "status", [
        "check on my training", "status", "training status please", "show me the progress",
        "Is it still running?", "did it start?", "what's happening with my run"]),
    ("status-en-failed", "status_failed", [
        "why did it fail?", "what went wrong with the run", "what was the error", "it crashed, why?",
        "why did the training stop"]),
    # ---- stop / continue
    ("cancel-en", "cancel", [
        "stop the training", "Cancel it", "abort the run", "kill the training please", "stop", "I want to cancel",
        "please stop training, I made a mistake", "halt it"]),
    ("resume-en", "resume", [
        "resume the training", "continue where it stopped", "Can you restart it from the checkpoint?",
        "pick it back up", "resume", "keep going from the last checkpoint", "try again from where it failed"]),
    # ---- results of a finished run
    ("explain-en-how-good", "explain", [
        "How good is my model?", "what's the accuracy", "show me the results", "How did it do?",
        "How well did the training go?", "What are the scores?", "give me the evaluation"]),
    ("explain-en-errors", "explain", [
        "Which classes does it confuse?", "what mistakes does it make", "where is it getting things wrong",
        "which labels get mixed up", "show me the worst errors", "Is it better than the baseline?",
        "what should I try next to improve it"]),
    ("explain-en-casual", "explain", [
        "so? how'd it go", "results pls", "is the model any good", "did it beat tf-idf?", "confusion matrix pls"]),
    # ---- use the trained model on the user's own texts
    ("predict-en-label", "predict", [
        ("Label this review: the ending was a letdown", ["the ending was a letdown"]),
        ("classify: the battery died after two days", ["the battery died after two days"]),
        ("What would my model say about 'great service, will come again'?", ["great service, will come again"]),
        ("predict the label of 'my package never arrived'", ["my package never arrived"]),
        ("run my model on: I love this phone", ["I love this phone"])]),
    ("predict-en-many", "predict", [
        ("classify these: 'too salty', 'best pizza in town'", ["too salty", "best pizza in town"]),
        ("Try the model on 'slow shipping' and 'works perfectly'", ["slow shipping", "works perfectly"]),
        ("label both: 'refund please' and 'thanks for the quick fix'", ["refund please", "thanks for the quick fix"])]),
    ("predict-en-notext", "predict_notext", [
        "Can I try my model?", "test the model on something", "I want to use my model now", "let me classify some text",
        "predict something"]),
    # ---- no tool: small talk, thanks, out of scope
    ("none-en-greet", "none", [
        "hi", "hello hello", "hey there", "good morning", "yo", "Hi, who are you?", "hello assistant"]),
    ("none-en-thanks", "none", [
        "thanks", "Thank you so much!", "thx", "great, thanks", "cool, got it", "that helps, cheers", "ty"]),
    ("none-en-bye", "none", [
        "bye", "see you later", "that's all for today", "goodnight", "I'm done for now, thanks"]),
    ("none-en-offtopic", "none", [
        "What's the weather tomorrow?", "tell me a joke", "Who won the football match yesterday?",
        "Give me a pancake recipe", "what's the capital of australia", "write me a poem about cats",
        "Translate 'good morning' into French", "which laptop should I buy for gaming?"]),
    ("none-en-chat", "none", [
        "you're pretty helpful", "lol", "nice", "how are you?", "what can you do?", "are you an AI?"]),
    # ---- ambiguous: ask one short question back
    ("ask-en-vague", "ask", [
        "help", "what now?", "can you do the thing", "fix it", "do the other one", "make it better",
        "hmm what next"]),
    ("ask-en-which", "ask", [
        "use the other file", "try the second option", "that one", "the first", "change it"]),
    # ---- more families for the intents with few phrasings above
    ("change-en-two", "change", [
        ("3 epochs and learning rate 3e-4 please", {"epochs": 3, "learning_rate": 3e-4}),
        ("can you bump epochs to 4?", {"epochs": 4}), ("use a max length of 256", {"max_length": 256}),
        ("set batch size to 8", {"batch_size": 8}), ("i want 10 epochs", {"epochs": 10})]),
    ("yes-en-casual", "confirm", [
        "yup go", "k", "yes yes", "sure thing, start", "let's go", "yeah do it", "ya"]),
    ("yes-en-formal", "confirm", [
        "Yes, please proceed.", "I confirm, please start.", "That works for me, please go ahead.",
        "Those settings are fine, start the training.", "Confirmed."]),
    ("status-en-failed2", "status_failed", [
        "it says failed, what happened?", "show me the error", "did it crash?", "what broke", "the run died, details?"]),
    ("cancel-en-polite", "cancel", [
        "Could you please cancel the training?", "I'd like to stop the current run", "Please abort the fine-tuning job",
        "would you stop it for me", "cancel the run please, wrong file"]),
    ("cancel-en-casual", "cancel", [
        "nvm stop it", "kill it", "stop stop stop", "cancel cancel", "ugh abort", "forget it, stop the run"]),
    ("resume-en-polite", "resume", [
        "Could you resume the stopped run?", "Please continue the training from the checkpoint",
        "I'd like to continue the cancelled run", "would you restart the failed training where it left off"]),
    ("resume-en-casual", "resume", [
        "keep going", "continue it", "resume pls", "carry on training", "start it back up"]),
    ("predict-en-quoted", "predict", [
        ('"absolutely terrible customer support" - what label?', ["absolutely terrible customer support"]),
        ("what does the model think of: fast delivery, well packed", ["fast delivery, well packed"]),
        ("test it on 'the app keeps crashing'", ["the app keeps crashing"]),
        ("sentiment of 'meh, it was fine'?", ["meh, it was fine"])]),
    ("predict-en-notext2", "predict_notext", [
        "run a prediction", "use the trained model", "let's try it out", "can it label new data?"]),
    ("ask-en-unclear", "ask", [
        "what about the rest", "and the other thing?", "redo it", "do that again but different", "same as before"]),
    ("hw-en-memory", "hardware", [
        "How much free memory do I have right now?", "is my GPU busy", "what's my free VRAM",
        "how much disk and ram is free", "check if bitsandbytes works on this machine"]),
    ("inspect-en-casual", "inspect", [
        "peek at the csv", "whats in the file", "scan my data", "data check", "look at {file} real quick"]),
    ("status-en-eta", "status", [
        "when will it finish?", "How many minutes left on the run?", "is the fine-tuning still going",
        "what epoch are we in", "percent done?", "how long until my model is ready"]),
    ("explain-en-report", "explain", [
        "Give me the evaluation report of my run", "what's the F1 of my model", "per-class scores please",
        "how does my model compare to the majority baseline", "Was the fine-tuning worth it?", "summarize how the run went"]),
    ("faq-en-metrics", "faq", [
        "What is a confusion matrix used for?", "When is accuracy the wrong metric?", "what does macro average mean",
        "Is F1 better than accuracy for imbalanced classes?", "what's a good baseline to compare against",
        "how is recall computed"]),
    ("faq-en-data", "faq", [
        "How should I split my data into train and validation?", "What makes a good training dataset?",
        "do duplicates in the data hurt?", "How do I format data for a chatbot?", "what is data leakage",
        "Does label noise matter much?"]),
    ("none-en-meta", "none", [
        "who made you?", "do you speak korean?", "what's your name", "are you running locally?", "ok cool"]),
    ("train-en-polite", "train", [
        "Could you fine-tune a model on my dataset, please?", "Would you train a classifier on {file} for me?",
        "I'd appreciate it if you could train a model on this data", "Please fine-tune a model using the attached file",
        "can u train on my csv"]),
    # ---- the improvement loop and exports (issues 15, 16)
    ("labels-en-find", "label_issues", [
        "Are there mislabeled rows in my data?", "find label errors in {file}", "which examples have wrong labels?",
        "check my labels for mistakes", "Can you spot rows where the label looks wrong?",
        "some of my annotations are probably wrong, can you find them"]),
    ("labels-en-noise", "label_issues", [
        "detect label noise", "run cleanlab on my dataset", "show me the most suspicious labels",
        "I think my annotators made errors - find them", "audit the labels please"]),
    ("clean-en-do", "clean", [
        "clean my data", "remove duplicates and empty rows from {file}", "Can you tidy up the dataset?",
        "drop the duplicate rows", "fix the messy rows in my file", "clean it up and save a new file"]),
    ("clean-en-fix", "clean", [
        "apply the label fixes and make a cleaned file", "get rid of the conflicting duplicates",
        "normalize the text and remove blanks", "make a clean copy of my data without the bad rows",
        "drop the rows with missing labels"]),
    ("compare-en-runs", "compare", [
        "compare my runs", "Which of my runs was best?", "was the retrain better than the first one?",
        "show the runs side by side", "is the new model significantly better?", "diff the two trainings"]),
    ("compare-en-before", "compare", [
        "did cleaning the data help?", "before vs after, which scored higher", "compare the last two models",
        "how do my experiments stack up", "run comparison table please"]),
    ("export-en-onnx", "export", [
        "export my model to ONNX", "I need an onnx file", "convert the trained model for onnxruntime",
        "can I get the model as ONNX for serving?", "export it"]),
    ("export-en-merged", "export", [
        "give me the merged model", "merge the adapter into the base and save it", "export a GGUF for ollama",
        "I want to download the full model weights", "package the model so I can use it elsewhere"]),
    ("script-en-colab", "export_script", [
        "give me a script to train this on a GPU", "make a Colab notebook for this run",
        "I want to rerun the training on my cloud machine", "export the training script",
        "can I run the same training on a bigger computer?"]),
    ("script-en-scale", "export_script", [
        "how do I train this on several GPUs - write me the files", "generate a train.py with these settings",
        "export the run so I can launch it with accelerate", "I need the code to reproduce this training"]),
    ("publish-en-hub", "publish", [
        "push my model to the Hugging Face Hub", "upload the adapter to huggingface", "publish my model",
        "write a model card for my run", "share the model on the hub", "can you put my model online?"]),
    ("publish-en-card", "publish", [
        "make the model card", "I want to publish it under my account", "upload this to HF",
        "create a README for the model and publish it"]),
]

# Written after the first measurement of the router, to cover sub-requests that no training family
# had (capability questions about the user's own machine, formal agreement, stopping in few words,
# shopping advice). They go to train only, so the earlier dev and test splits stay exactly as they
# were; cases_fresh.jsonl (phrasings_fresh.py) measures what they changed.
ADDED_FOR_TRAINING = [
    ("hw-en-canirun", "hardware", [
        "Can my PC fine-tune a 1B model?", "is this computer powerful enough for LoRA", "will QLoRA run here?",
        "can my machine handle training on this data", "do I have enough RAM to train", "is my GPU enough for 4-bit"]),
    ("yes-en-agree", "confirm", [
        "That's fine by me, go on.", "These look right, please begin.", "works for me - start", "I agree, proceed",
        "ok with those settings, kick it off", "Fine, train with that."]),
    ("cancel-en-short", "cancel", [
        "stop", "kill it", "abort", "halt the run", "enough, stop training", "turn it off"]),
    ("none-en-shopping", "none", [
        "what laptop should I buy?", "recommend a good phone", "which GPU is best for gaming?",
        "write me a poem about cats", "what's the weather tomorrow", "tell me a joke"]),
    ("resume-en-continue", "resume", [
        "pick up where it stopped", "continue the cancelled run", "resume from the checkpoint",
        "try the failed run again from where it was", "keep training from the last save"]),
]
