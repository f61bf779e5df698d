# Two commands: `make run` and `make test`. Each sets itself up. `make test-lowest` checks the lowest versions.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-lowest setup lint bench eval clean reader

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# the CPU build of torch first: a bare `torch` pulls a CUDA build of several GB
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/newsbot-bot --demo

lint: $(STAMP)
	$(BIN)/ruff check index bot tests bench
	$(BIN)/mypy index

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

# The embedding and ingest tests in a separate venv with the lowest version pyproject.toml allows of each direct
# dependency (torch 2.13.0, the CPU build, first): the ranges declared are the ranges tested.
LOWEST := .venv-lowest
LOWEST_TESTS := tests/index/embedding tests/index/store
test-lowest:
	rm -rf $(LOWEST)
	$(PY) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install -q --upgrade pip
	$(LOWEST)/bin/python -m pip install -q torch==2.13.0
	$(LOWEST)/bin/python -c 'import re, tomllib; deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]; print("\n".join(re.sub(r"\s*>=\s*([^,;\s]+).*", r"==\1", d) for d in deps))' > $(LOWEST)/lowest.txt
	$(LOWEST)/bin/python -m pip install -q -c $(LOWEST)/lowest.txt '.[dev]'
	$(LOWEST)/bin/python -m pip list --format=freeze > $(LOWEST)/installed.txt
	$(LOWEST)/bin/python -m pytest -q -p no:cacheprovider $(LOWEST_TESTS)

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/query.py

# the reader (index/data/reader) from the dev sets' articles and training/questions; needs ../shared
reader: $(STAMP)
	$(BIN)/python training/reader.py

clean:
	rm -rf $(VENV) $(LOWEST) data
