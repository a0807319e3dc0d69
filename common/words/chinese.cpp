// Duet in Simplified Chinese: the words of the screens and of every outcome (word.hpp).
#include "words/tables.hpp"

namespace duet::words {

char const* chinese(word w) {
    switch (w) {
        case word::app_title: return "WebRTC 视频通话";
        case word::please_sign_in: return "请登录";
        case word::name_field: return "用户名";
        case word::sign_in: return "登录";
        case word::signing_in: return "正在登录…";
        case word::switch_language: return "语言";
        case word::call_field: return "要呼叫的用户名";
        case word::call: return "呼叫";
        case word::cancel: return "取消";
        case word::hang_up: return "挂断";
        case word::dismiss: return "关闭";
        case word::reconnecting: return "正在重新连接…";
        case word::no_call: return "没有通话";
        case word::calling_who: return "正在呼叫 {who}…";
        case word::connecting_short: return "正在连接…";
        case word::waiting_for_video: return "正在等待视频…";
        case word::call_ended: return "通话已结束";
        case word::online_count: return "在线（{count}）";
        case word::no_one_online: return "没有其他人在线";
        case word::busy_tag: return "忙";
        case word::incoming_call: return "来电";
        case word::who_is_calling: return "{who} 来电";
        case word::incoming_alert: return "{who} 来电：接听或拒绝";
        case word::accept: return "接听";
        case word::decline: return "拒绝";
        case word::mute_ring: return "静音铃声";
        case word::unmute_ring: return "恢复铃声";
        case word::camera_off: return "摄像头已关闭";
        case word::partner_camera_off: return "{who} 的摄像头已关闭";
        case word::you_are_muted: return "你已静音";
        case word::you: return "你";
        case word::tip_mute_mic: return "关闭麦克风（M）";
        case word::tip_unmute_mic: return "打开麦克风（M）";
        case word::tip_camera_off: return "关闭摄像头（V）";
        case word::tip_camera_on: return "打开摄像头（V）";
        case word::tip_fullscreen: return "全屏";
        case word::tip_hang_up: return "挂断（Esc）";
        case word::devices: return "设备";
        case word::preview_camera: return "预览摄像头";
        case word::flip_camera: return "翻转摄像头";
        case word::tip_share_screen: return "共享你的屏幕";
        case word::tip_devices: return "麦克风、摄像头和扬声器";
        case word::sharing_your_screen: return "你正在共享屏幕";
        case word::stop_sharing: return "停止共享";
        case word::no_devices: return "没有可选的设备";
        case word::heading_microphone: return "麦克风";
        case word::heading_camera: return "摄像头";
        case word::heading_speaker: return "扬声器";
        case word::stats: return "统计";
        case word::stats_video: return "视频 {size}  {codec}";
        case word::stats_path: return "路径：{path}";
        case word::stats_sent: return "发送 {kbps} kbps";
        case word::stats_sent_detail: return "发送 {kbps} kbps（音频 {audio}，视频 {video}）";
        case word::stats_received: return "接收 {kbps} kbps";
        case word::stats_received_detail: return "接收 {kbps} kbps（音频 {audio}，视频 {video}）";
        case word::stats_round_trip: return "往返时延 {ms}";
        case word::stats_loss: return "丢包 {pct} %";
        case word::stats_jitter: return "抖动 {ms}";
        case word::stats_frames: return "帧率 {fps}/s";
        case word::legend_audio: return "音频";
        case word::legend_video: return "视频";
        case word::path_direct: return "直连（局域网）";
        case word::path_stun: return "经 STUN 地址";
        case word::path_relay: return "经 TURN 中继";
        case word::path_unknown: return "未知";
        case word::status_signed_in: return "已登录为 {who}";
        case word::status_not_connected: return "未连接到服务器，正在重新连接…";
        case word::status_enter_name: return "请输入要呼叫的用户名";
        case word::status_cannot_call_self: return "不能呼叫自己";
        case word::status_calling: return "正在呼叫 {who}…";
        case word::status_incoming: return "{who} 来电…";
        case word::status_connecting: return "正在连接 {who}…";
        case word::status_connected: return "已与 {who} 接通";
        case word::status_interrupted: return "与 {who} 的连接中断，正在恢复…";
        case word::status_camera_denied: return "摄像头或麦克风被拒绝";
        case word::status_declined_by_us: return "已拒绝 {who} 的来电";
        case word::status_cancelled_by_us: return "已取消对 {who} 的呼叫";
        case word::status_ended_by_us: return "与 {who} 的通话已结束";
        case word::status_hung_up: return "{who} 已挂断";
        case word::status_declined: return "{who} 拒绝了通话";
        case word::status_cancelled: return "{who} 取消了呼叫";
        case word::status_no_answer: return "{who} 无人接听";
        case word::status_busy: return "{who} 正忙";
        case word::status_missed: return "{who} 的未接来电";
        case word::status_connection_lost: return "连接已断开";
        case word::status_not_online: return "{who} 不在线";
        case word::status_already_in_call: return "你已在通话中";
        case word::status_lost_server: return "与服务器的连接已断开";
        case word::status_could_not_connect: return "无法连接到 {who}";
        case word::status_call_failed: return "与 {who} 的通话失败";
        case word::status_call_failed_because: return "与 {who} 的通话失败：{detail}";
        case word::status_name_refused: return "服务器拒绝了这个用户名。";
        case word::status_signed_out: return "已退出登录：服务器拒绝了这个用户名";
        case word::status_signed_out_by_server: return "已被服务器退出登录。";
        case word::status_cannot_reach_server: return "无法连接服务器，请重试。";
        case word::status_tried_to_call: return "{who} 曾呼叫你";
        case word::status_tried_to_call_many: return "{who} 曾呼叫你（{count} 个未接来电）";
        case word::error_invalid_json: return "消息不是有效的 JSON。";
        case word::error_invalid_message: return "消息缺少字段或字段类型错误。";
        case word::error_unknown_type: return "未知的消息类型。";
        case word::error_invalid_name: return "用户名无效：不能为空、过长或含控制字符。";
        case word::error_name_taken: return "这个用户名已被占用，请换一个。";
        case word::error_already_logged_in: return "此连接已经登录。";
        case word::error_not_logged_in: return "请先登录。";
        case word::error_not_online: return "该用户不在线。";
        case word::error_self_call: return "不能呼叫自己。";
        case word::error_no_partner: return "当前没有通话。";
        case word::error_rate_limited: return "操作过于频繁，请稍后再试。";
        case word::error_login_timeout: return "登录超时。";
        case word::error_replaced: return "此用户名已在其他地方登录。";
        case word::error_busy: return "对方正忙。";
        case word::error_already_in_call: return "你已在通话中。";
        case word::error_not_ringing: return "没有正在响铃的来电。";
        case word::error_unavailable: return "服务器暂时无法登录，请稍后再试。";
        case word::webgl_missing:
            return "此浏览器无法启动 Duet 绘图所需的 WebGL2。请换用其他浏览器，或开启硬件加速。";
    }
    return "";
}

}  // namespace duet::words
