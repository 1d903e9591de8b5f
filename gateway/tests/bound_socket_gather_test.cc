// An answer sent as head + body in one gather write arrives whole and in order, also when the
// socket takes it in many partial writes.
#include <fcntl.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "http/bound_socket.h"

namespace billing::gateway {
namespace {

TEST(BoundSocketGatherTest, HeadAndBodyArriveWholeThroughPartialWrites) {
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  ::fcntl(pair[0], F_SETFL, O_NONBLOCK);  // as Pistache's sockets are
  int small = 4096;
  ::setsockopt(pair[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
  std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 3000000\r\n\r\n";
  std::string body;
  for (int i = 0; body.size() < 3000000; ++i) body += std::to_string(i) + ",";
  body.resize(3000000);
  std::string received;
  std::thread reader([&] {
    char buffer[65536];
    ssize_t n;
    while ((n = ::read(pair[1], buffer, sizeof(buffer))) > 0) received.append(buffer, n);
  });
  {
    BoundSocket bound(pair[0]);
    ::close(pair[0]);
    EXPECT_TRUE(bound.Send(head, body, std::chrono::seconds(10)));
  }  // the last descriptor closes: the reader sees the end
  reader.join();
  ::close(pair[1]);
  ASSERT_EQ(received.size(), head.size() + body.size());
  EXPECT_TRUE(received == head + body);
}

TEST(BoundSocketGatherTest, EmptyHeadOrBodyIsFine) {
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  BoundSocket bound(pair[0]);
  EXPECT_TRUE(bound.Send("", "body", std::chrono::seconds(1)));
  EXPECT_TRUE(bound.Send("head", "", std::chrono::seconds(1)));
  char buffer[16] = {};
  EXPECT_EQ(::recv(pair[1], buffer, sizeof(buffer), MSG_DONTWAIT), 8);
  EXPECT_EQ(std::string(buffer, 8), "bodyhead");
  ::close(pair[0]);
  ::close(pair[1]);
}

}  // namespace
}  // namespace billing::gateway
