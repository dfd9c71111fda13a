# Two commands on a fresh machine with Python 3.11 and make:
#   make play   sets up a virtual environment and starts the game
#   make test   sets up the same environment and runs the tests
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: play test setup run bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

play: $(STAMP)
	$(BIN)/whales play $(SCENARIO)

run: $(STAMP)
	$(BIN)/whales run scenarios/vladivostok-2019.yaml --seed 7

test: $(STAMP)
	$(BIN)/python -m pytest

# The type check alone (tests/test_types.py runs the same with the tests)
.PHONY: typecheck
typecheck: $(STAMP)
	$(BIN)/python -m mypy

bench: $(STAMP)
	$(BIN)/whales bench

# Frame-time figures for the map/main-screen drawing (prints, asserts nothing)
.PHONY: bench-gui
bench-gui: $(STAMP)
	@if command -v xvfb-run >/dev/null 2>&1; then \
		xvfb-run -a -s "-screen 0 1280x720x24" $(BIN)/python -m game.ui.framebench; \
	else \
		echo "xvfb-run not found: using SDL's dummy video driver"; \
		SDL_VIDEODRIVER=dummy $(BIN)/python -m game.ui.framebench; \
	fi

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache
