# The wa-link sidecar (issue 19): the real process refuses every call without its secret (and
# then does nothing), big bodies, starting without a 32+ character secret, and listens on
# loopback only with its session directory 0700. Needs services/wa-link/node_modules (the
# wa_link_install fixture of services/wa-link).
add_test(NAME wa_link_secret_test
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/wa_link_secret_test.sh)
set_tests_properties(wa_link_secret_test PROPERTIES
  LABELS security TIMEOUT 300 FIXTURES_REQUIRED wa_link_modules)
