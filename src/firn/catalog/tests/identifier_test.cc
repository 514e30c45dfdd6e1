// Identifiers, metadata file names and the namespace properties file format.
#include "firn/catalog/identifier.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "firn/catalog/filesystem/namespace_properties_file.h"
#include "firn/catalog/metadata_file_name.h"

namespace firn::catalog {
namespace {

TEST(IdentifierTest, ParseAndFormat) {
  auto ns = Namespace::Parse("a.b");
  ASSERT_TRUE(ns.has_value());
  EXPECT_EQ(ns->levels(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ns->ToString(), "a.b");
  EXPECT_TRUE(Namespace::Parse("")->IsRoot());
  EXPECT_EQ(Namespace().ToString(), "");

  auto t = TableIdentifier::Parse("a.b.table");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->ns, *ns);
  EXPECT_EQ(t->name, "table");
  EXPECT_EQ(t->ToString(), "a.b.table");
  EXPECT_EQ(TableIdentifier::Parse("db.t")->ns.levels(), (std::vector<std::string>{"db"}));

  EXPECT_TRUE(Namespace::Parse("a")->IsPrefixOf(*ns));
  EXPECT_TRUE(ns->IsPrefixOf(*ns));
  EXPECT_FALSE(ns->IsPrefixOf(*Namespace::Parse("a")));
  EXPECT_FALSE(Namespace::Parse("a.c")->IsPrefixOf(*ns));
  EXPECT_EQ(Namespace::Parse("a")->Child("b"), *ns);
}

TEST(IdentifierTest, RejectsNamesThatWouldNotReadBack) {
  for (const char* bad : {"a..b", ".a", "a.", "a/b", "a.b\\c", "."}) {
    auto ns = Namespace::Parse(bad);
    ASSERT_FALSE(ns.has_value()) << bad;
    EXPECT_EQ(ns.error().kind(), ErrorKind::kInvalidArgument);
  }
  EXPECT_FALSE(Namespace::Make({"ok", ".."}).has_value());
  EXPECT_FALSE(Namespace::Make({std::string("a\0b", 3)}).has_value());
  EXPECT_FALSE(TableIdentifier::Parse("table").has_value());  // no namespace
  EXPECT_FALSE(TableIdentifier::Parse("db.").has_value());
  EXPECT_FALSE(TableIdentifier::Make(Namespace(), "t").has_value());
  EXPECT_FALSE(TableIdentifier::Make(*Namespace::Parse("db"), "a/b").has_value());
  auto error = TableIdentifier::Parse("x..y").error();
  EXPECT_NE(error.message().find("x..y"), std::string::npos) << error.message();
}

// The version of "<dir>/<version:05d>-<uuid v4>.metadata.json" (std::regex would do, but
// g++ 12 warns inside it under the sanitizers).
std::optional<std::string> MetastoreFileVersion(const std::string& location,
                                                const std::string& dir) {
  if (!location.starts_with(dir + "/")) return std::nullopt;
  std::string name = location.substr(dir.size() + 1);
  const std::string suffix = ".metadata.json";
  if (!name.ends_with(suffix)) return std::nullopt;
  name.resize(name.size() - suffix.size());
  size_t dash = name.find('-');
  if (dash < 5) return std::nullopt;
  std::string version = name.substr(0, dash), uuid = name.substr(dash + 1);
  if (version.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  if (uuid.size() != 36) return std::nullopt;
  for (size_t i = 0; i < uuid.size(); ++i) {
    bool dash_here = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_here != (uuid[i] == '-')) return std::nullopt;
    if (!dash_here && std::string("0123456789abcdef").find(uuid[i]) == std::string::npos) {
      return std::nullopt;
    }
  }
  if (uuid[14] != '4' || std::string("89ab").find(uuid[19]) == std::string::npos) {
    return std::nullopt;  // not a version 4, RFC 4122 variant UUID
  }
  return version;
}

TEST(MetadataFileNameTest, MetastoreVersions) {
  EXPECT_EQ(ParseMetastoreVersion("/wh/t/metadata/00012-4f1c.metadata.json"), 12);
  EXPECT_EQ(ParseMetastoreVersion("00000-x.metadata.json"), 0);
  EXPECT_EQ(ParseMetastoreVersion("/wh/t/metadata/v3.metadata.json"), -1);
  EXPECT_EQ(ParseMetastoreVersion("/wh/t-1/metadata/abc-x.metadata.json"), -1);
  EXPECT_EQ(ParseMetastoreVersion("s3://b/t/metadata/123456-x.metadata.json"), 123456);

  std::string first = NewMetastoreMetadataLocation("/wh/t/", std::nullopt);
  EXPECT_EQ(MetastoreFileVersion(first, "/wh/t/metadata"), "00000") << first;
  std::string second = NewMetastoreMetadataLocation("/wh/t", first);
  EXPECT_EQ(MetastoreFileVersion(second, "/wh/t/metadata"), "00001") << second;
  EXPECT_NE(NewMetastoreMetadataLocation("/wh/t", first), second);  // fresh UUIDs
  std::string from_hadoop =
      NewMetastoreMetadataLocation("/wh/t", "/wh/t/metadata/v7.metadata.json");
  EXPECT_EQ(MetastoreFileVersion(from_hadoop, "/wh/t/metadata"), "00000") << from_hadoop;
  EXPECT_EQ(MetastoreFileVersion("/wh/t/metadata/00001-notauuid.metadata.json", "/wh/t/metadata"),
            std::nullopt);
  EXPECT_TRUE(NewMetastoreMetadataLocation("/wh/t", "/x/123456-u.metadata.json").find("/123457-") !=
              std::string::npos);
}

TEST(MetadataFileNameTest, HadoopVersions) {
  EXPECT_EQ(ParseHadoopVersion("v1.metadata.json"), 1);
  EXPECT_EQ(ParseHadoopVersion("v42.metadata.json"), 42);
  for (const char* bad : {"v0.metadata.json", "v.metadata.json", "vx.metadata.json",
                          "v-1.metadata.json", "v+1.metadata.json", "1.metadata.json",
                          "v1.metadata.json.tmp", "v1.gz.metadata.json", "version-hint.text"}) {
    EXPECT_EQ(ParseHadoopVersion(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(HadoopMetadataFileName(3), "v3.metadata.json");
  EXPECT_EQ(JoinPath("/wh/", "x"), "/wh/x");
  EXPECT_EQ(JoinPath("/", "x"), "/x");
}

TEST(NamespacePropertiesFileTest, RoundTripsAnyBytes) {
  Properties properties{{"plain", "value"},          {"with=equals", "a=b"},
                        {"lines", "one\ntwo\r\n"},   {"percent%", "100%"},
                        {"unicode", "h\xc3\xa9llo"}, {"empty", ""}};
  std::string text = EncodeNamespaceProperties(properties);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 7);  // comment + one line each
  auto decoded = DecodeNamespaceProperties(text, "/p");
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString();
  EXPECT_EQ(*decoded, properties);
  EXPECT_TRUE(DecodeNamespaceProperties("", "/p")->empty());
  EXPECT_FALSE(DecodeNamespaceProperties("=v\n", "/p").has_value());  // empty key
}

}  // namespace
}  // namespace firn::catalog
