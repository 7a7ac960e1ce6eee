# make run: build, then run the main job on the built-in data.
# make test: install dependencies, build, run every test.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
INFERGY := $(BUILD)/src/infergy
REPORT_DIR ?= report

.PHONY: all bootstrap configure build run test bench bench-serve bench-campaign format lint clean

all: build

bootstrap:
	bash scripts/bootstrap.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: $(BUILD)/build.ninja

build: bootstrap configure
	cmake --build $(BUILD)

# Builds only what it runs (the CLI and the web page), then writes the report of both
# studies from the built-in data: the catalog and the sample of Yang et al.'s measurements.
run: bootstrap configure
	cmake --build $(BUILD) --target infergy infergy_web
	rm -f $(BUILD)/run.db
	INFERGY_DB=$(BUILD)/run.db $(INFERGY) import yang data/reference/yang2024
	INFERGY_DB=$(BUILD)/run.db $(INFERGY) report --out $(REPORT_DIR)
	@echo "report: $(REPORT_DIR)/report.md (figures in $(REPORT_DIR)/figures, data in $(REPORT_DIR)/data)"
	@echo "explorer: INFERGY_DB=$(BUILD)/run.db $(INFERGY) serve --report-dir $(REPORT_DIR)"

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j2

bench: build
	$(BUILD)/bench/bench_catalog
	$(BUILD)/bench/bench_report
	$(BUILD)/bench/bench_compare
	$(BUILD)/bench/bench_sampler
	$(BUILD)/bench/bench_stopping_rule
	$(BUILD)/bench/bench_calibrate
	cmake --build $(BUILD) --target bench_profile

# wrk against `infergy serve` (ranking endpoint, 1,500 models, 64 connections, 10 s).
bench-serve: build
	bash bench/serve_load.sh $(BUILD)

# Campaign load figures on a throwaway PostgreSQL (commits, status of 100,000 items, ranking).
bench-campaign: build
	bash bench/campaign_load.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

lint: configure
	clang-tidy -p $(BUILD) $$(git ls-files 'src/*.cpp')

clean:
	rm -rf $(BUILD)
