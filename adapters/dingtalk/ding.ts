import type { OutboundMessage } from "../../src/core/message.js";
import { toPlainText } from "../../src/core/plain-text.js";
import type { DingtalkClient } from "./client.js";
import { toDeliveryError } from "./errors.js";

// DING (应用内 DING) by the robot: POST /v1.0/robot/ding/send {robotCode, remindType, receiverUserIdList, content}
// https://open.dingtalk.com/document/development/robot-sends-nail-message (RobotSendDing, robot_1.0). remindType 1 is
// the in-app DING; 2 (SMS) and 3 (phone) spend paid quota and are not used. The API is for DingTalk's professional and
// exclusive editions only: elsewhere DingTalk refuses it, and the message stays a normal one (src/notify/urgent-step.ts).

const CONTENT_MAX = 500;

/** Sends an in-app DING with the message's text to these users. */
export function createDingtalkDing(client: DingtalkClient, robotCode: string) {
  return async (userIds: string[], message: OutboundMessage): Promise<void> => {
    const content = [...toPlainText(message)].slice(0, CONTENT_MAX).join("");
    try {
      await client.api("POST", "/v1.0/robot/ding/send", { robotCode, remindType: 1, receiverUserIdList: [...new Set(userIds)], content });
    } catch (error) {
      throw toDeliveryError(error);
    }
  };
}
