// The stream's non-blocking chunk writes over a real socket pair: exact bytes, in order, with
// a full kernel buffer and with a vanished reader.
#include <cerrno>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "sse/pistache_sink.h"
#include "sse/sse_format.h"

namespace billing::gateway::sse {
namespace {

class SocketPair {
 public:
  SocketPair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    writer = fds[0];
    reader = fds[1];
  }
  ~SocketPair() {
    if (writer >= 0) ::close(writer);
    if (reader >= 0) ::close(reader);
  }
  std::string ReadAvailable() {
    std::string out;
    char buffer[65536];
    while (true) {
      ssize_t n = ::recv(reader, buffer, sizeof(buffer), MSG_DONTWAIT);
      if (n <= 0) return out;
      out.append(buffer, static_cast<size_t>(n));
    }
  }
  int writer = -1;
  int reader = -1;
};

TEST(ChunkSendTest, ChunkSizeCountsTheSizeLineAndTrailer) {
  for (size_t size : {0, 1, 15, 16, 255, 256, 4096, 70000}) {
    EXPECT_EQ(ChunkSize(size), Chunk(std::string(size, 'x')).size()) << size;
  }
}

TEST(ChunkSendTest, AReaderThatKeepsUpGetsTheChunkAndNothingIsKept) {
  SocketPair pair;
  std::string pending;
  ASSERT_TRUE(SendChunk(pair.writer, "data: hello\n\n", pending));
  EXPECT_TRUE(pending.empty());
  EXPECT_EQ(pair.ReadAvailable(), Chunk("data: hello\n\n"));
}

TEST(ChunkSendTest, AFullBufferKeepsTheRestInOrderUntilFlushed) {
  SocketPair pair;
  int small = 4096;
  ::setsockopt(pair.writer, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
  std::string pending;
  std::string expected;
  for (int i = 0; i < 200; ++i) {
    std::string frame = "id: " + std::to_string(i) + "\n" + std::string(300, 'a' + i % 26) + "\n\n";
    ASSERT_TRUE(SendChunk(pair.writer, frame, pending));
    expected += Chunk(frame);
  }
  ASSERT_FALSE(pending.empty()) << "the kernel took 60 KiB into a 4 KiB buffer";
  std::string received;
  for (int round = 0; round < 1000 && received.size() < expected.size(); ++round) {
    received += pair.ReadAvailable();
    ASSERT_TRUE(SendBuffered(pair.writer, pending));
  }
  received += pair.ReadAvailable();
  EXPECT_TRUE(pending.empty());
  EXPECT_EQ(received, expected);
}

TEST(ChunkSendTest, AVanishedReaderIsReportedBroken) {
  SocketPair pair;
  ::close(pair.reader);
  pair.reader = -1;
  std::string pending;
  EXPECT_FALSE(SendChunk(pair.writer, "data: x\n\n", pending));
  pending = "queued";
  EXPECT_FALSE(SendBuffered(pair.writer, pending));
}

}  // namespace
}  // namespace billing::gateway::sse
