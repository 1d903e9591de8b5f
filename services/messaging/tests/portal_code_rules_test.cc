// The portal sign-in code message: fixed text, the code never in what is stored and shown.
#include "portal_code_rules.h"

#include <gtest/gtest.h>

#include "i18n/messages.h"

namespace billing::messaging {
namespace {

TEST(PortalCodeRulesTest, OnlySixDigitsAreACode) {
  EXPECT_TRUE(IsPortalCode("012345"));
  for (const char* bad : {"", "12345", "1234567", "12a456", "12 456", "١٢٣٤٥٦"}) {
    EXPECT_FALSE(IsPortalCode(bad)) << bad;
  }
}

TEST(PortalCodeRulesTest, TheStoredTextHasTheMaskAndTheSentTextTheCode) {
  std::string shown = PortalCodeText("Sejahtera Net", i18n::kPortalCodeMask, 5);
  EXPECT_EQ(shown,
            "Kode masuk Cek Tagihan Sejahtera Net: ******. Berlaku 5 menit. Jangan berikan kode "
            "ini kepada siapa pun, termasuk petugas.");
  nlohmann::json params = PortalCodeParams("Sejahtera Net", 5);
  EXPECT_EQ(params.dump().find("4827"), std::string::npos);
  std::string sent = PortalCodeTextFor(params, "482731");
  EXPECT_EQ(sent,
            "Kode masuk Cek Tagihan Sejahtera Net: 482731. Berlaku 5 menit. Jangan berikan kode "
            "ini kepada siapa pun, termasuk petugas.");
}

TEST(PortalCodeRulesTest, ABusinessNameCannotMoveOrRevealTheCode) {
  nlohmann::json params = PortalCodeParams("****** {kode}", 3);
  std::string sent = PortalCodeTextFor(params, "482731");
  EXPECT_EQ(sent.find("Kode masuk Cek Tagihan ****** {kode}: 482731. Berlaku 3 menit."), 0u)
      << sent;
  EXPECT_EQ(PortalCodeText("{kode}", i18n::kPortalCodeMask, 5).find("482731"), std::string::npos);
}

}  // namespace
}  // namespace billing::messaging
