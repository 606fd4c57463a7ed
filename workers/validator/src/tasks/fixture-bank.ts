import { presentItem, type TaskItem, type TaskSource } from "./task-item";

/**
 * A small multilingual bank of customer-service items with their answers, for tests and benches whose test
 * miners look answers up here (test/validator/support/test-miner.ts): their skill is a parameter, not a
 * model. Never the Worker's source: items are public, so they test plumbing and scoring only. Dialogues
 * offer 8 candidates, the fewest whose ranking can count as copy evidence (MIN_DISTINCTIVE_RANKING).
 */
export const FIXTURE_ITEMS: readonly TaskItem[] = [
  {
    key: "rs-zh-ship",
    taskType: "response_selection",
    language: "zh-Hans",
    turns: [
      { speaker: "customer", text: "我昨天买的连衣裙什么时候发货？" },
      { speaker: "agent", text: "亲，请提供一下订单号哦" },
      { speaker: "customer", text: "订单号是 20261124-8831" },
    ],
    candidates: [
      "已经帮您查到了，今天下午就会发出哦",
      "这款连衣裙有 S、M、L 三个尺码",
      "退款会在 3 个工作日内原路退回",
      "您好，欢迎光临本店",
      "这款是纯棉面料的",
      "优惠券下单时自动抵扣",
      "换货请在七天内申请",
      "这款目前有现货",
    ],
    trueIndex: 0,
  },
  {
    key: "rs-en-refund",
    taskType: "response_selection",
    language: "en",
    turns: [{ speaker: "customer", text: "I returned the shoes last week, when will I get my money back?" }],
    candidates: [
      "Those shoes come in black and white.",
      "Your refund was issued today and should reach your card within 3-5 business days.",
      "Free shipping applies to orders over $50.",
      "Please tell me your size.",
      "Our store opens at 9am.",
      "You can change your delivery address in your account settings.",
      "This jacket is machine washable.",
      "Gift wrapping is available at checkout.",
    ],
    trueIndex: 1,
  },
  {
    key: "rs-es-size",
    taskType: "response_selection",
    language: "es",
    turns: [{ speaker: "customer", text: "¿Esta chaqueta viene en talla L?" }],
    candidates: [
      "Su pedido ya fue enviado.",
      "El reembolso tarda tres días.",
      "Sí, tenemos la talla L disponible en azul y negro.",
      "Gracias por su compra.",
      "Puede pagar con tarjeta o transferencia.",
      "La devolución es gratuita durante 30 días.",
      "Este modelo es impermeable.",
      "Le enviaremos el número de seguimiento por correo.",
    ],
    trueIndex: 2,
  },
  {
    key: "ic-en-where",
    taskType: "intent_classification",
    language: "en",
    text: "where is my parcel? it was supposed to arrive on monday",
    labels: ["order_status", "refund", "product_question", "complaint", "cancel_order"],
    label: "order_status",
  },
  {
    key: "ic-zh-refund",
    taskType: "intent_classification",
    language: "zh-Hans",
    text: "衣服尺码不合适，我想退货退款",
    labels: ["order_status", "refund", "product_question", "complaint", "cancel_order"],
    label: "refund",
  },
  {
    key: "ic-pt-cancel",
    taskType: "intent_classification",
    language: "pt-BR",
    text: "Quero cancelar o pedido que fiz hoje de manhã",
    labels: ["order_status", "refund", "product_question", "complaint", "cancel_order"],
    label: "cancel_order",
  },
  {
    key: "se-es-broken",
    taskType: "sentiment",
    language: "es",
    text: "El paquete llegó roto y nadie me responde.",
    label: "negative",
  },
  {
    key: "se-en-love",
    taskType: "sentiment",
    language: "en",
    text: "Absolutely love this bag, the leather feels great!",
    label: "positive",
  },
  {
    key: "se-zh-neutral",
    taskType: "sentiment",
    language: "zh-Hans",
    text: "请问这款有没有其他颜色？",
    label: "neutral",
  },
];

/** FNV-1a over a string: a cheap, stable hash for choosing items from a seed. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A TaskSource over `items`: a seed-determined rotation, so consecutive rounds see different items. */
export function fixtureTaskSource(items: readonly TaskItem[] = FIXTURE_ITEMS): TaskSource {
  return {
    name: "fixture",
    openRound(roundSeed) {
      const start = fnv1a(roundSeed) % items.length;
      return (slot, _minerSeed, deadlineMs) =>
        presentItem(items[(start + slot) % items.length] as TaskItem, deadlineMs);
    },
  };
}
