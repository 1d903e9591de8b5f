# Service identity (issue 12, item 2): every gRPC port refuses calls without a valid signed
# identity, and secrets go only to the service that uses them.
billing_security_test(grpc_identity_test)
target_link_libraries(grpc_identity_test PRIVATE billing_proto billing_rpc)
add_test(NAME every_rpc_verifies_identity
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/every_rpc_verifies_identity.sh)
set_tests_properties(every_rpc_verifies_identity PROPERTIES LABELS security)
