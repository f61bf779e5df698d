"""From a question to an answer: the question, retrieval, sentence scoring, quotes, abstention, digests."""
