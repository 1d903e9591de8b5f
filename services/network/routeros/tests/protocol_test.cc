// The wire format: length prefixes at every boundary, sentences, attributes, split reads.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "routeros/api_errors.h"
#include "routeros/api_protocol.h"

namespace billing::network::routeros {
namespace {

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

struct LengthCase {
  std::size_t length;
  std::string encoded;
};

TEST(LengthEncoding, EveryBoundaryEncodesAsDocumented) {
  const std::vector<LengthCase> cases = {
      {0, Bytes({0x00})},
      {1, Bytes({0x01})},
      {0x7F, Bytes({0x7F})},
      {0x80, Bytes({0x80, 0x80})},
      {0x3FFF, Bytes({0xBF, 0xFF})},
      {0x4000, Bytes({0xC0, 0x40, 0x00})},
      {0x1FFFFF, Bytes({0xDF, 0xFF, 0xFF})},
      {0x200000, Bytes({0xE0, 0x20, 0x00, 0x00})},
      {0xFFFFFFF, Bytes({0xEF, 0xFF, 0xFF, 0xFF})},
      {0x10000000, Bytes({0xF0, 0x10, 0x00, 0x00, 0x00})},
      {0xFFFFFFFF, Bytes({0xF0, 0xFF, 0xFF, 0xFF, 0xFF})},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.length);
    EXPECT_EQ(EncodeLength(c.length), c.encoded);
    uint32_t decoded = 12345;
    EXPECT_EQ(DecodeLength(c.encoded, &decoded), c.encoded.size());
    EXPECT_EQ(decoded, c.length);
    // Any shorter piece of the prefix is "need more bytes".
    for (std::size_t cut = 0; cut < c.encoded.size(); ++cut) {
      EXPECT_EQ(DecodeLength(c.encoded.substr(0, cut), &decoded), 0U);
    }
  }
}

TEST(LengthEncoding, RoundTripsAroundEveryBoundary) {
  for (std::size_t boundary : {0x80UL, 0x4000UL, 0x200000UL, 0x10000000UL, 0x100000000UL}) {
    for (std::size_t length : {boundary - 2, boundary - 1, boundary, boundary + 1}) {
      if (length > 0xFFFFFFFFUL) continue;
      SCOPED_TRACE(length);
      uint32_t decoded = 0;
      const std::string prefix = EncodeLength(length);
      ASSERT_EQ(DecodeLength(prefix + "tail", &decoded), prefix.size());
      EXPECT_EQ(decoded, length);
    }
  }
  EXPECT_THROW(EncodeLength(0x100000000UL), std::length_error);
}

TEST(LengthEncoding, ReservedControlBytesAreAProtocolError) {
  uint32_t decoded = 0;
  for (int b : {0xF8, 0xFF}) {
    try {
      DecodeLength(Bytes({b, 0, 0, 0, 0}), &decoded);
      FAIL() << "no error for " << b;
    } catch (const ConnectionError& e) {
      EXPECT_EQ(e.kind(), ConnectionError::Kind::kProtocol);
    }
  }
}

TEST(Words, LongWordsRoundTripThroughTheReader) {
  for (std::size_t length : {0x7FUL, 0x80UL, 0x3FFFUL, 0x4000UL, 0x1FFFFFUL, 0x200000UL}) {
    SCOPED_TRACE(length);
    const std::string word(length, 'x');
    SentenceReader reader;
    reader.Feed(EncodeSentence({"!re", "=comment=" + word}));
    const auto sentence = reader.Next();
    ASSERT_TRUE(sentence.has_value());
    ASSERT_EQ(sentence->size(), 2U);
    EXPECT_EQ((*sentence)[1], "=comment=" + word);
    EXPECT_EQ(reader.buffered(), 0U);
  }
}

TEST(Sentences, EncodeEndsWithAnEmptyWord) {
  EXPECT_EQ(EncodeSentence({"/login", "=name=a"}),
            Bytes({6}) + "/login" + Bytes({7}) + "=name=a" + Bytes({0}));
  EXPECT_EQ(EncodeSentence({}), Bytes({0}));
}

TEST(Sentences, ReaderHandlesSplitReadsAndSeveralSentencesAtOnce) {
  const std::string long_value(300, 'v');  // a two-byte prefix to split in the middle
  const std::string stream = EncodeSentence({"!re", "=.id=*1", "=comment=" + long_value}) +
                             EncodeSentence({"!re", "=.id=*2", "=name=x"}) +
                             EncodeSentence({"!done"});
  // One byte at a time.
  SentenceReader reader;
  std::vector<Sentence> got;
  for (char c : stream) {
    reader.Feed(std::string_view(&c, 1));
    while (auto sentence = reader.Next()) got.push_back(*sentence);
  }
  ASSERT_EQ(got.size(), 3U);
  EXPECT_EQ(got[0], (Sentence{"!re", "=.id=*1", "=comment=" + long_value}));
  EXPECT_EQ(got[1], (Sentence{"!re", "=.id=*2", "=name=x"}));
  EXPECT_EQ(got[2], (Sentence{"!done"}));

  // Everything in one piece.
  SentenceReader whole;
  whole.Feed(stream);
  int count = 0;
  while (whole.Next()) ++count;
  EXPECT_EQ(count, 3);

  // Cut at every position into two reads.
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    SentenceReader split;
    split.Feed(stream.substr(0, cut));
    std::vector<Sentence> parts;
    while (auto sentence = split.Next()) parts.push_back(*sentence);
    split.Feed(stream.substr(cut));
    while (auto sentence = split.Next()) parts.push_back(*sentence);
    ASSERT_EQ(parts, got) << "cut at " << cut;
  }
}

TEST(Sentences, AnIncompleteSentenceIsNotReturned) {
  SentenceReader reader;
  std::string stream = EncodeSentence({"!re", "=name=a"});
  stream.pop_back();  // no terminating empty word yet
  reader.Feed(stream);
  EXPECT_FALSE(reader.Next().has_value());
  reader.Feed(std::string(1, '\0'));
  EXPECT_TRUE(reader.Next().has_value());
}

TEST(Attributes, ValueMayContainEqualsAndBeEmpty) {
  auto a = ParseAttribute("=comment=a=b==c");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->first, "comment");
  EXPECT_EQ(a->second, "a=b==c");
  a = ParseAttribute("=password=");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->first, "password");
  EXPECT_EQ(a->second, "");
  EXPECT_FALSE(ParseAttribute("!done").has_value());
  EXPECT_FALSE(ParseAttribute("?name=x").has_value());
  EXPECT_FALSE(ParseAttribute("=noequals").has_value());
}

TEST(Replies, ParseTypeAttributesTagAndOtherWords) {
  const Reply re = ParseReply({"!re", "=.id=*1A", "=name=budi", "=comment=x=y", ".tag=7"});
  EXPECT_EQ(re.type, "!re");
  EXPECT_EQ(re.tag, "7");
  EXPECT_EQ(re.attributes.at(".id"), "*1A");
  EXPECT_EQ(re.attributes.at("name"), "budi");
  EXPECT_EQ(re.attributes.at("comment"), "x=y");

  const Reply trap = ParseReply({"!trap", "=category=1", "=message=no such item"});
  EXPECT_EQ(trap.type, "!trap");
  EXPECT_EQ(trap.attributes.at("message"), "no such item");

  const Reply fatal = ParseReply({"!fatal", "not logged in"});
  EXPECT_EQ(fatal.type, "!fatal");
  EXPECT_EQ(fatal.other_words, (std::vector<std::string>{"not logged in"}));
}

}  // namespace
}  // namespace billing::network::routeros
