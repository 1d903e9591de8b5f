// SuiteEnvironment: owns the one Suite of a gtest binary between global SetUp and TearDown and,
// with fresh_data_per_test, puts it back to its seed before each test.
#include <chrono>
#include <cstdint>
#include <iostream>
#include <stdexcept>

#include "support/suite.h"

namespace billing::testing {

namespace {

int64_t MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

// Before each test (after its suite's SetUpTestSuite, before the fixture's SetUp), puts the
// running Suite back to its seed: the test neither sees nor leaves anything of another.
class FreshDataListener final : public ::testing::EmptyTestEventListener {
 public:
  void OnTestStart(const ::testing::TestInfo& /*test*/) override {
    if (!SuiteEnvironment::Running()) return;  // the start failed: gtest skips the tests
    const auto started = std::chrono::steady_clock::now();
    try {
      SuiteEnvironment::Get().ResetToSeed();
    } catch (const std::exception& error) {
      ADD_FAILURE() << "resetting the billing suite to its seed failed: " << error.what();
      return;
    }
    std::cerr << "[billing-test] reset to the seed in " << MillisecondsSince(started) << " ms\n";
  }
};

}  // namespace

SuiteEnvironment* SuiteEnvironment::instance_ = nullptr;

SuiteEnvironment::SuiteEnvironment(SuiteOptions options) : options_(std::move(options)) {
  instance_ = this;
  if (options_.fresh_data_per_test) {
    ::testing::UnitTest::GetInstance()->listeners().Append(new FreshDataListener);
  }
}

SuiteEnvironment::~SuiteEnvironment() {
  suite_.reset();
  if (instance_ == this) instance_ = nullptr;
}

void SuiteEnvironment::SetUp() {
  suite_ = std::make_unique<Suite>(options_);
  try {
    suite_->Start();
    if (options_.fresh_data_per_test) {
      const auto started = std::chrono::steady_clock::now();
      suite_->SnapshotSeed();
      std::cerr << "[billing-test] seed taken in " << MillisecondsSince(started) << " ms\n";
    }
    started_ = true;
  } catch (const std::exception& error) {
    // A fatal failure here makes gtest skip every test; TearDown still cleans up.
    GTEST_FAIL() << "starting the billing suite failed: " << error.what();
  }
}

void SuiteEnvironment::TearDown() {
  started_ = false;
  suite_.reset();
}

bool SuiteEnvironment::Running() {
  return instance_ != nullptr && instance_->suite_ != nullptr && instance_->started_;
}

Suite& SuiteEnvironment::Get() {
  if (!instance_ || !instance_->suite_) {
    throw std::logic_error(
        "SuiteEnvironment::Get(): no running Suite (register a SuiteEnvironment with "
        "::testing::AddGlobalTestEnvironment in main)");
  }
  return *instance_->suite_;
}

}  // namespace billing::testing
