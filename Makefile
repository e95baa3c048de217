# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run examples test lint install clean serve browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

install: $(STAMP_RUN)

## make run: simulate a synthetic Amsterdam (non-take-up table, report in out/)
run: $(STAMP_RUN)
	$(BIN)/openfisca-amsterdam simulate --out out

## make examples: compute and print the entitlements of the example households in docs/examples/
examples: $(STAMP_RUN)
	@for f in docs/examples/*.yaml docs/examples/*.json; do \
		echo "== $$f"; $(BIN)/openfisca-amsterdam household "$$f" --period 2025-03 || exit $$?; echo; \
	done

## make lint: ruff (lint and format check, configured in pyproject.toml) and yamllint (.yamllint.yaml) on the law and tests
lint: $(STAMP_TEST)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/yamllint -c .yamllint.yaml parameters tests

## make test: lint, the OpenFisca YAML tests of the law and of each reform (tests/reforms/<name>.yaml with --reforms), then pytest (machinery, properties, packaging, Web API)
test: lint browser
	@# the law's YAML tests and each reform's, two at a time (xargs fails when any of them fails)
	@printf '%s\n' tests/law tests/reforms/*.yaml | xargs -P 2 -n 1 sh -c 'case "$$0" in \
		tests/law) exec $(BIN)/openfisca test --country-package openfisca_amsterdam "$$0";; \
		*) n=$$(basename "$$0" .yaml); exec $(BIN)/openfisca test "$$0" --country-package openfisca_amsterdam \
			--reforms openfisca_amsterdam.reforms.$$n.$$n;; esac'
	$(BIN)/python -m pytest -q -n 2 --dist loadfile tests

## make browser: Debian's chromium and chromium-driver for the report's browser tests (apt; a loud warning if it fails)
browser:
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || \
		(DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
		 sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1) || \
		echo "WARNING: could not install chromium and chromium-driver with apt: the browser tests will be SKIPPED"

serve: $(STAMP_RUN)
	$(BIN)/openfisca-amsterdam serve --port 5000

clean:
	rm -rf $(VENV) build dist *.egg-info
