// A worker's answer reaches the connection its request came on, never a newer connection
// that was given the same descriptor number.
#include "http/bound_socket.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "http/chunked.h"

namespace billing::gateway {
namespace {

std::string ReadAvailable(int fd) {
  std::string out;
  char buffer[4096];
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT)) > 0) out.append(buffer, n);
  return out;
}

TEST(BoundSocketTest, AnswerNeverReachesTheConnectionThatReusedTheNumber) {
  int first[2], second[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, first), 0);
  ::fcntl(first[0], F_SETFL, O_NONBLOCK);  // as Pistache's sockets are
  int number = first[0];
  BoundSocket bound(number);
  // The connection closes (Pistache closes its descriptor) and a new one gets the number.
  ::close(first[0]);
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, second), 0);
  if (second[0] != number) {
    ASSERT_EQ(::dup2(second[0], number), number);
  }
  EXPECT_TRUE(bound.Send("private answer", std::chrono::seconds(1)));
  EXPECT_EQ(ReadAvailable(first[1]), "private answer");  // the original client
  EXPECT_EQ(ReadAvailable(second[1]), "");               // the newcomer sees nothing
  ::close(first[1]);
  ::close(second[0]);
  ::close(second[1]);
  if (second[0] != number) ::close(number);
}

TEST(BoundSocketTest, AGoneClientFailsTheSendInsteadOfBlocking) {
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  BoundSocket bound(pair[0]);
  ::close(pair[0]);
  ::close(pair[1]);
  EXPECT_FALSE(bound.Send("nobody", std::chrono::milliseconds(100)));
  EXPECT_FALSE(BoundSocket(-1).Send("x", std::chrono::milliseconds(10)));
}

TEST(BoundSocketTest, HeadCarriesTheHeadersAndTheLength) {
  Pistache::Http::Header::Collection headers;
  headers.add<Pistache::Http::Header::ContentType>("application/json");
  std::string head = ResponseHead(Pistache::Http::Code::Not_Found, headers, 12);
  EXPECT_EQ(head.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << head;
  EXPECT_NE(head.find("Content-Type: application/json\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Length: 12\r\n\r\n"), std::string::npos) << head;
}

}  // namespace
}  // namespace billing::gateway
