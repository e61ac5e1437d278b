# frspub — `make` sets everything up and builds every edition into build/;
# `make test` sets up what the tests need and runs them.
# Choose languages with LANGUAGES (not LANG, which is the locale):
#   make pdf LANGUAGES="fr ja"
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FRSPUB := $(BIN)/frspub
LANGUAGES ?=
FRSPUB_FLAGS ?=
LANG_ARGS := $(foreach l,$(LANGUAGES),--lang $(l))
SYSTEM_OK := $(VENV)/.system-build
TEST_OK := $(VENV)/.system-test
INSTALLED := $(VENV)/.installed
# frspub's own bytecode, compiled once: the environment may set PYTHONDONTWRITEBYTECODE, and then
# every frspub process compiled its ~100 modules again (0.3-0.5 s of each build; pip compiles
# site-packages itself).  Python still checks each file's date, so a stale .pyc is never used.
BYTECODE := $(VENV)/.bytecode
SOURCES := $(shell find src -name '*.py')

.PHONY: all build pdf html epub site update status check review serve test bench clean distclean setup

all: build

setup: $(INSTALLED) $(BYTECODE)

$(SYSTEM_OK): tools/system-deps.sh
	@sh tools/system-deps.sh build
	@mkdir -p $(VENV) && touch $@

$(INSTALLED): pyproject.toml $(SYSTEM_OK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

$(BYTECODE): $(INSTALLED) $(SOURCES)
	@$(BIN)/python -m compileall -q src >/dev/null
	@# WeasyPrint's and frspub's C declarations as cffi type tables, in the user's cache (render/weasyffi);
	@# else the first PDF process makes them (and without a writable cache, each parses them as before).
	@$(BIN)/python -c 'from frspub.render import fonts, weasyload; weasyload.load(); fonts.fast_subsetting()' || true
	@touch $@

$(TEST_OK): tools/system-deps.sh tools/test-deps.sh tools/realworld.sh $(INSTALLED)
	@sh tools/system-deps.sh test
	@sh tools/test-deps.sh
	@touch $@

build: $(INSTALLED) $(BYTECODE)
	$(FRSPUB) build $(LANG_ARGS) $(FRSPUB_FLAGS)

pdf html epub: $(INSTALLED) $(BYTECODE)
	$(FRSPUB) build --format $@ $(LANG_ARGS) $(FRSPUB_FLAGS)

update status: $(INSTALLED) $(BYTECODE)
	$(FRSPUB) $@

check: $(INSTALLED) $(BYTECODE)
	$(FRSPUB) check $(LANG_ARGS) $(FRSPUB_FLAGS)

review: $(INSTALLED) $(BYTECODE)
	$(FRSPUB) review $(if $(LANGUAGES),$(LANG_ARGS),--lang en --lang ja)

serve: $(INSTALLED) $(BYTECODE)
	$(FRSPUB) serve

# Two pytest workers, one per core, each taking whole test files (their session builds stay together).
# pytest may keep its rewritten test modules (ignored __pycache__/): each worker collects all of them.
test: $(TEST_OK) $(BYTECODE)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_FLAGS)

bench: $(INSTALLED) $(BYTECODE)
	$(BIN)/python tools/bench.py

clean:
	rm -rf build tests/artifacts

distclean: clean
	rm -rf $(VENV) .cache node_modules
