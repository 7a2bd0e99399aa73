# Two commands for a newcomer:
#   make demo   build the demo end to end on DuckDB (venv, data, history backfill, dbt build, publish)
#   make test   run every test (lint, pytest, dbt builds and tests on small generated data)
# Others: make report (HTML report), make docs (dbt docs + coverage), make bench (benchmark tiers).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DBT    := $(BIN)/dbt

export DUCKDB_PATH  ?= warehouse.duckdb
export RAW_DATA_DIR ?= data/raw
export DBT_PROFILES_DIR ?= .
DEMO_ACCOUNTS ?= 4200
SEED ?= 42

.PHONY: install demo data build backfill report browser docs test lint pytest format bench clean spark-install test-spark

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip==25.3" "setuptools==65.5.0" "wheel==0.45.1"
	# lifetimes (reference for the BTYD tests) ships only as a source package: build it with the pinned tools
	$(BIN)/python -m pip install --quiet --no-build-isolation -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed

data: install
	$(BIN)/python -m segmentation.generate --accounts $(DEMO_ACCOUNTS) --seed $(SEED) --out $(RAW_DATA_DIR) --truth data/truth

build: install
	$(DBT) build
	$(BIN)/python -m segmentation.publish

backfill: install
	$(BIN)/python -m segmentation.backfill --months 12

demo: data backfill report
	@echo "Demo built in $(DUCKDB_PATH); marts published to published.duckdb; files in exports/; report in reports/."

# The HTML report (one offline file) from the published marts.
report: install
	$(BIN)/python -m segmentation.report --out reports/segments.html

# Debian's Chromium and ChromeDriver for the report's browser test: installed when missing and apt-get
# runs as root; otherwise the browser test skips and says why.
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing chromium and chromium-driver (Debian packages) for the browser test"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
		|| echo "could not install chromium with apt-get: the browser test will skip"; \
	else echo "chromium is not installed and cannot be installed here: the browser test will skip"; fi

# dbt docs and their coverage: every model and column described (dbt-coverage, fails under 95%).
docs: install
	$(DBT) docs generate
	$(BIN)/dbt-coverage compute doc --cov-fail-under 0.95

lint: install
	$(BIN)/ruff check src tests python_models
	$(BIN)/ruff format --check src tests python_models
	$(BIN)/sqlfluff lint models tests/dbt --disable-progress-bar --processes 2

format: install
	$(BIN)/ruff format src tests python_models
	$(BIN)/ruff check --fix src tests python_models
	$(BIN)/sqlfluff fix models tests/dbt --disable-progress-bar

pytest: install browser
	$(BIN)/python -m pytest -q

test: lint pytest

# Apache Spark (dbt-spark's session method, a local pyspark): its own virtual environment, because pyspark
# wants pandas < 3. test-spark builds a small generated dataset on DuckDB and on Spark and compares the
# feature table and the SQL marts; it also checks the Spark scoring path (mapInPandas) against pandas.
SPARK_VENV := .venv-spark
SPARK_BIN  := $(SPARK_VENV)/bin

$(SPARK_VENV)/.installed: requirements-spark.txt pyproject.toml
	$(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_BIN)/python -m pip install --quiet "pip==25.3" "setuptools==65.5.0" "wheel==0.45.1"
	$(SPARK_BIN)/python -m pip install --quiet -r requirements-spark.txt
	$(SPARK_BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

spark-install: $(SPARK_VENV)/.installed

test-spark: spark-install
	$(SPARK_BIN)/python -m pytest -o addopts="-ra --durations=5" -q tests/spark

# The pipeline benchmark (full build per tier, floor query, pandas script, incremental run, growth plot)
# BENCH_TIERS=10000,100000,1000000,3000000 adds the 3M tier; BENCH_REPEATS runs of each measurement per tier
# give the medians the targets are stated in (BENCH_REPEATS=1 for one quicker pass).
BENCH_TIERS ?= 10000,100000,1000000
BENCH_REPEATS ?= 3
bench: install
	$(BIN)/python -m segmentation.bench --tiers $(BENCH_TIERS) --repeats $(BENCH_REPEATS) --out bench/out --plot bench/growth.png

clean:
	rm -rf target logs spark $(DUCKDB_PATH) $(DUCKDB_PATH).wal published.duckdb exports bench/out reports
