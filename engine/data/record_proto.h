#ifndef TENGEN_ENGINE_DATA_RECORD_PROTO_H_
#define TENGEN_ENGINE_DATA_RECORD_PROTO_H_

// RecordedGame <-> proto GameRecord. Includes generated protobuf code: never
// include this from a translation unit that sees torch headers.

#include "engine/data/recorded_game.h"
#include "proto/game_record.pb.h"

namespace tengen::data {

proto::GameRecord ToProto(const RecordedGame& game);
RecordedGame FromProto(const proto::GameRecord& record);

}  // namespace tengen::data

#endif  // TENGEN_ENGINE_DATA_RECORD_PROTO_H_
