"""The one path from a question to an answer, shared by the CLI, the chat app and the evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .answer import Answer, compose
from .indexing import Index, default_paths, open_index
from .query import Understanding
from .retrieval import Result, Retriever


@dataclass
class Assistant:
    index: Index
    retriever: Retriever

    @classmethod
    def open(cls, corpus_dir: Path | None = None, index_dir: Path | None = None, model: str | None = None,
             say=None) -> "Assistant":
        default_corpus, default_index = default_paths()
        kwargs = {"say": say} if say else {}
        index = open_index(corpus_dir or default_corpus, index_dir or default_index, model, **kwargs)
        return cls(index, Retriever(index).prepare())

    def ask(self, question: str | Understanding, k: int = 10, previous: Understanding | None = None,
            mode: str = "full") -> tuple[Answer, Result]:
        result = self.retriever.search(question, k=k, mode=mode, previous=previous)
        answer = compose(result, self.index.document, self.index.gazetteer, self.index.warning)
        return answer, result
