// TRUSTED_PROXIES parsing and the client address taken from X-Forwarded-For.
#include "http/trusted_proxies.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace billing::gateway {
namespace {

TEST(TrustedProxiesTest, EmptyListTrustsNobody) {
  TrustedProxies proxies = TrustedProxies::Parse("");
  EXPECT_TRUE(proxies.empty());
  EXPECT_FALSE(proxies.Contains("127.0.0.1"));
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "1.2.3.4"), "127.0.0.1");
  EXPECT_FALSE(proxies.IsHttps("127.0.0.1", "https"));
}

TEST(TrustedProxiesTest, ParsesIpv4AndIpv6AddressesAndRanges) {
  TrustedProxies proxies = TrustedProxies::Parse(" 10.0.0.0/8, 192.168.1.7 ,::1, fd00::/8");
  EXPECT_TRUE(proxies.Contains("10.200.3.4"));
  EXPECT_FALSE(proxies.Contains("11.0.0.1"));
  EXPECT_TRUE(proxies.Contains("192.168.1.7"));
  EXPECT_FALSE(proxies.Contains("192.168.1.8"));
  EXPECT_TRUE(proxies.Contains("::1"));
  EXPECT_TRUE(proxies.Contains("fd12:3456::1"));
  EXPECT_FALSE(proxies.Contains("fe80::1"));
  EXPECT_TRUE(proxies.Contains("::ffff:10.1.2.3"));  // IPv4-mapped form of a trusted v4 range
  EXPECT_FALSE(proxies.Contains("not-an-address"));
  EXPECT_TRUE(TrustedProxies::Parse("0.0.0.0/0").Contains("203.0.113.9"));
}

TEST(TrustedProxiesTest, RejectsMalformedEntries) {
  for (const char* bad : {"10.0.0.0/33", "::1/129", "10.0.0.1/", "10.0.0.0/x", "300.1.1.1",
                          "localhost", "10.0.0.0/8/8", "1.2.3.4/-1"}) {
    EXPECT_THROW(TrustedProxies::Parse(bad), std::invalid_argument) << bad;
  }
}

TEST(TrustedProxiesTest, UntrustedPeerForwardedForIsIgnored) {
  TrustedProxies proxies = TrustedProxies::Parse("127.0.0.1");
  EXPECT_EQ(proxies.ClientAddress("203.0.113.5", "198.51.100.1"), "203.0.113.5");
  EXPECT_FALSE(proxies.IsHttps("203.0.113.5", "https"));
}

TEST(TrustedProxiesTest, TakesRightMostUntrustedAddress) {
  TrustedProxies proxies = TrustedProxies::Parse("127.0.0.1,10.0.0.0/8");
  // The client wrote a fake first entry; our proxies appended what they saw.
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.1.1.1"), "203.0.113.7");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "[2001:db8::2]:443"), "2001:db8::2");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "203.0.113.8:5555"), "203.0.113.8");
  // Only trusted hops: the request started at one of our proxies.
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "10.0.0.2, 10.0.0.3"), "127.0.0.1");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", ""), "127.0.0.1");
}

TEST(TrustedProxiesTest, HttpsOnlyFromTrustedPeer) {
  TrustedProxies proxies = TrustedProxies::Parse("127.0.0.1");
  EXPECT_TRUE(proxies.IsHttps("127.0.0.1", "https"));
  EXPECT_TRUE(proxies.IsHttps("127.0.0.1", "http, HTTPS"));
  EXPECT_FALSE(proxies.IsHttps("127.0.0.1", "http"));
  EXPECT_FALSE(proxies.IsHttps("127.0.0.1", ""));
}

TEST(TrustedProxiesTest, LoopbackAddresses) {
  EXPECT_TRUE(IsLoopback("127.0.0.1"));
  EXPECT_TRUE(IsLoopback("127.3.4.5"));
  EXPECT_TRUE(IsLoopback("::1"));
  EXPECT_TRUE(IsLoopback("::ffff:127.0.0.1"));
  EXPECT_FALSE(IsLoopback("10.0.0.1"));
  EXPECT_FALSE(IsLoopback("::2"));
  EXPECT_FALSE(IsLoopback("garbage"));
}

}  // namespace
}  // namespace billing::gateway
