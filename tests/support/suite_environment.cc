// SuiteEnvironment: owns the one Suite of a gtest binary between global SetUp and TearDown.
#include <stdexcept>

#include "support/suite.h"

namespace billing::testing {

SuiteEnvironment* SuiteEnvironment::instance_ = nullptr;

SuiteEnvironment::SuiteEnvironment(SuiteOptions options) : options_(std::move(options)) {
  instance_ = this;
}

SuiteEnvironment::~SuiteEnvironment() {
  suite_.reset();
  if (instance_ == this) instance_ = nullptr;
}

void SuiteEnvironment::SetUp() {
  suite_ = std::make_unique<Suite>(options_);
  try {
    suite_->Start();
  } catch (const std::exception& error) {
    // A fatal failure here makes gtest skip every test; TearDown still cleans up.
    GTEST_FAIL() << "starting the billing suite failed: " << error.what();
  }
}

void SuiteEnvironment::TearDown() { suite_.reset(); }

Suite& SuiteEnvironment::Get() {
  if (!instance_ || !instance_->suite_) {
    throw std::logic_error(
        "SuiteEnvironment::Get(): no running Suite (register a SuiteEnvironment with "
        "::testing::AddGlobalTestEnvironment in main)");
  }
  return *instance_->suite_;
}

}  // namespace billing::testing
