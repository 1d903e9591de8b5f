# BILLING_SANITIZE: build everything with AddressSanitizer + UndefinedBehaviorSanitizer (any
# report aborts the test that triggered it). `SANITIZE=1 tests/run.sh` configures build-sanitize/
# with it and runs the unit tests there.
option(BILLING_SANITIZE "Build with -fsanitize=address,undefined (unit tests: SANITIZE=1 tests/run.sh)" OFF)
if(BILLING_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# billing_unit_tests_target(): a target `unit_tests` that builds every unit test program: the
# executables named *_test or *_tests beside the code (not under tests/, where the integration,
# security and end-to-end programs live). Call it after every add_subdirectory.
function(billing_unit_tests_target)
  set(found)
  set(dirs ${PROJECT_SOURCE_DIR})
  while(dirs)
    list(POP_FRONT dirs dir)
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    list(APPEND dirs ${subdirs})
    string(FIND "${dir}/" "${PROJECT_SOURCE_DIR}/tests/" under_tests)
    if(under_tests EQUAL 0)
      continue()
    endif()
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "EXECUTABLE" AND target MATCHES "_tests?$")
        list(APPEND found ${target})
      endif()
    endforeach()
  endwhile()
  add_custom_target(unit_tests DEPENDS ${found})
  message(STATUS "unit_tests: ${found}")
endfunction()
