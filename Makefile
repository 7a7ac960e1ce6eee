# make run: build, then run the main job on the built-in data.
# make test: install dependencies, build, run every test.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
INFERGY := $(BUILD)/src/infergy
REPORT_DIR ?= report

.PHONY: all bootstrap configure build run test bench format lint clean

all: build

bootstrap:
	bash scripts/bootstrap.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: $(BUILD)/build.ninja

build: bootstrap configure
	cmake --build $(BUILD)

run: build
	INFERGY_DB=$(BUILD)/run.db $(INFERGY) db info
	INFERGY_DB=$(BUILD)/run.db $(INFERGY) estimate --model EfficientNet-B1 --gpu "Tesla V100" --precision fp32
	INFERGY_DB=$(BUILD)/run.db $(INFERGY) estimate-flops --paper-examples

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j2

bench: build
	$(BUILD)/bench/bench_catalog
	$(BUILD)/bench/bench_sampler

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

lint: configure
	clang-tidy -p $(BUILD) $$(git ls-files 'src/*.cpp')

clean:
	rm -rf $(BUILD)
