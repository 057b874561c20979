import { createWxBizMsgCrypt } from "../../src/core/crypto/wx-biz-msg-crypt.js";
import type { WxBizMsgCrypt, WxBizMsgCryptConfig, WxEncryptOptions } from "../../src/core/crypto/wx-biz-msg-crypt.js";

// WeCom callback envelopes around the shared WXBizMsgCrypt.
// Self-built app (XML): https://developer.work.weixin.qq.com/document/path/90968 and /90930
// AI bot (JSON, receive id ""): https://developer.work.weixin.qq.com/document/path/101033

/** The AI bot's encrypted passive reply; the signature field is spelled `msgsignature`. */
export interface WecomJsonReply {
  encrypt: string;
  msgsignature: string;
  timestamp: string;
  nonce: string;
}

/** WXBizMsgCrypt plus WeCom's passive-reply envelopes. */
export interface WecomCrypto extends WxBizMsgCrypt {
  /** A self-built app's encrypted XML reply: `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`. */
  xmlReply(plaintextXml: string, options: WxEncryptOptions): string;
  /** An AI bot's encrypted JSON reply body. */
  jsonReply(plaintextJson: string, options: WxEncryptOptions): WecomJsonReply;
}

/** Wraps a value in CDATA, splitting any "]]>" so the section cannot be closed early. */
function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

/** Creates WeCom crypto; `receiveId` is the corp id (self-built app), suite id, or "" for internal AI bots. */
export function createWecomCrypto(config: WxBizMsgCryptConfig): WecomCrypto {
  const crypt = createWxBizMsgCrypt(config);
  return {
    ...crypt,
    xmlReply(plaintextXml, options) {
      const { encrypt, msgSignature } = crypt.encrypt(plaintextXml, options);
      return `<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(msgSignature)}</MsgSignature>`
        + `<TimeStamp>${options.timestamp}</TimeStamp><Nonce>${cdata(options.nonce)}</Nonce></xml>`;
    },
    jsonReply(plaintextJson, options) {
      const { encrypt, msgSignature } = crypt.encrypt(plaintextJson, options);
      return { encrypt, msgsignature: msgSignature, timestamp: options.timestamp, nonce: options.nonce };
    },
  };
}

/** Pulls the `<Encrypt>` value out of a self-built app's XML callback body (CDATA or plain); null if absent. */
export function readWecomXmlEncrypt(xml: string): string | null {
  const match = /<Encrypt>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))\s*<\/Encrypt>/.exec(xml);
  if (match === null) return null;
  return match[1] ?? match[2] ?? null;
}
