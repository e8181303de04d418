#include "engine/nn/meta/model_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/rules/temp_file_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::nn {
namespace {

using tengen::testing::TempFilePath;

using ::testing::HasSubstr;

std::string SomeWeights() {
  std::string w;
  for (int i = 0; i < 5000; ++i) w.push_back(static_cast<char>(i * 7 + 3));
  return w;
}


void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TEST(ModelFileTest, RoundTripsThroughDisk) {
  ModelConfig c = *ModelConfigForArch("b2c16", 9);
  c.training_steps = 42;
  const std::string path = TempFilePath("round_trip.tgm");
  ASSERT_TRUE(WriteModelFile(path, c, SomeWeights()).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  absl::StatusOr<ModelFileContents> read = ReadModelFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->config, c);
  EXPECT_EQ(read->weights, SomeWeights());
  const std::string bytes = EncodeModelFile(c, SomeWeights());
  EXPECT_EQ(bytes.substr(0, 8), "TENGENM1");
  EXPECT_EQ(std::filesystem::file_size(path), bytes.size());
}

TEST(ModelFileTest, EveryTruncationIsReportedWithTheFileName) {
  const std::string bytes = EncodeModelFile(*ModelConfigForArch("b1c8", 9), SomeWeights());
  for (size_t length = 0; length < bytes.size(); length += (length < 64 ? 1 : 97)) {
    absl::StatusOr<ModelFileContents> read = DecodeModelFile(bytes.substr(0, length), "cut.tgm");
    ASSERT_FALSE(read.ok()) << length;
    EXPECT_THAT(read.status().message(), HasSubstr("model file cut.tgm: ")) << length;
    if (length >= 8) EXPECT_THAT(read.status().message(), HasSubstr("truncated")) << length;
  }
  const std::string path = TempFilePath("truncated.tgm");
  WriteBytes(path, bytes.substr(0, bytes.size() - 10));
  absl::StatusOr<ModelFileContents> read = ReadModelFile(path);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr(path));
  EXPECT_THAT(read.status().message(), HasSubstr("truncated"));
}

TEST(ModelFileTest, FlippedBytesAreCaught) {
  const std::string bytes = EncodeModelFile(*ModelConfigForArch("b1c8", 9), SomeWeights());
  // Every byte of the header and meta, then a stride through the weights.
  for (size_t i = 0; i < bytes.size(); i += (i < 200 ? 1 : 61)) {
    std::string corrupt = bytes;
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x20);
    EXPECT_FALSE(DecodeModelFile(corrupt, "flip.tgm").ok()) << "byte " << i;
  }
  std::string corrupt = bytes;
  corrupt[bytes.size() / 2] ^= 1;  // inside the weights
  absl::StatusOr<ModelFileContents> read = DecodeModelFile(corrupt, "flip.tgm");
  EXPECT_THAT(read.status().message(), HasSubstr("CRC-32 mismatch"));
}

TEST(ModelFileTest, ForeignAndFutureFilesAreNamed) {
  absl::StatusOr<ModelFileContents> read = DecodeModelFile("hello world, not a model", "x.txt");
  EXPECT_THAT(read.status().message(), HasSubstr("not a tengen model file"));
  read = DecodeModelFile(std::string("PK\x03\x04rest of a zip", 18), "model.pt");
  EXPECT_THAT(read.status().message(), HasSubstr("torch.save"));
  read = DecodeModelFile("", "empty.tgm");
  EXPECT_THAT(read.status().message(), HasSubstr("empty"));
  std::string future = EncodeModelFile(*ModelConfigForArch("b1c8", 9), "w");
  future[7] = '2';
  read = DecodeModelFile(future, "new.tgm");
  EXPECT_THAT(read.status().message(), HasSubstr("\"TENGENM2\" is not supported"));
  read = DecodeModelFile(EncodeModelFile(*ModelConfigForArch("b1c8", 9), "w") + "extra", "cat.tgm");
  EXPECT_THAT(read.status().message(), HasSubstr("5 unexpected bytes"));
  read = ReadModelFile(TempFilePath("does-not-exist.tgm"));
  EXPECT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(read.status().message(), HasSubstr("does-not-exist.tgm"));
}

TEST(ModelFileTest, MetaWithImpossibleShapesIsRejected) {
  ModelConfig c = *ModelConfigForArch("b1c8", 9);
  c.board_size = 40;
  absl::StatusOr<ModelFileContents> read = DecodeModelFile(EncodeModelFile(c, "w"), "big.tgm");
  EXPECT_THAT(read.status().message(), HasSubstr("board size 40"));
}

}  // namespace
}  // namespace tengen::nn
