// The hand-set clock of the tests (domain/manual_clock.h), under this service's testing names.
#pragma once

#include "domain/manual_clock.h"

namespace billing::messaging::testing {

using domain::ManualClock;
using domain::UtcTime;

}  // namespace billing::messaging::testing
