import type { Lexicon } from "./lexicon";

/** Chinese (Simplified) templates, in the Taobao customer-service register. */
export const zh: Lexicon = {
  language: "zh",
  joiner: "",
  products: ["无线耳机", "跑步鞋", "羽绒服", "咖啡机", "手机壳", "瑜伽垫", "双肩包", "台灯"],
  prefixes: ["", "你好，", "亲，", "在吗？", "客服你好，"],
  suffixes: ["", "谢谢。", "谢谢亲！", "麻烦了。", "请尽快处理。"],
  greetings: {
    customer: ["在吗", "你好，有人吗"],
    agent: ["亲，在的呢，请问有什么可以帮您？", "您好，欢迎光临，请问有什么需要？"],
  },
  intents: {
    order_status: {
      asks: [
        "我的订单{order}到哪了？",
        "帮我查一下订单{order}的状态",
        "{product}发货了吗？订单号{order}",
        "订单{order}的物流信息怎么看",
      ],
      replies: [
        "亲，订单{order}已经发货了，预计{date}送达哦。",
        "帮您查了订单{order}，{product}正在路上，物流信息在订单详情里。",
      ],
    },
    refund: {
      asks: [
        "{product}我要退款",
        "订单{order}怎么退钱？",
        "请给订单{order}退款，{product}和描述不一样",
        "{product}的退款什么时候到账？",
      ],
      replies: [
        "亲，订单{order}的退款已经提交，{days}天内原路退回哦。",
        "收到您退回的{product}后，{days}天内给您退款。",
      ],
    },
    shipping_delay: {
      asks: [
        "订单{order}怎么还没到，说好{date}到的",
        "{product}怎么这么久还没送到？",
        "订单{order}的快递又延误了",
        "已经{days}天了包裹还没到",
      ],
      replies: [
        "抱歉让您久等了，订单{order}快递公司预计{date}送达。",
        "{product}在中转站滞留了，现在已经重新发出，预计{days}天到。",
      ],
    },
    product_question: {
      asks: [
        "{product}防水吗？",
        "{product}有哪些尺码？",
        "{product}有保修吗？",
        "买{product}之前想多了解一下",
      ],
      replies: [
        "亲，{product}保修一年，有多种尺码和颜色可选哦。",
        "是的，{product}是防水的，详细参数在商品详情页。",
      ],
    },
    cancellation: {
      asks: [
        "帮我取消订单{order}",
        "我拍的{product}不要了，取消吧",
        "订单{order}还能取消吗？我不想要了",
        "{product}的订单怎么取消？",
      ],
      replies: ["亲，订单{order}已经取消了，{product}不会扣款哦。", "已经在发货前帮您取消了订单{order}。"],
    },
    complaint: {
      asks: [
        "{product}收到就是坏的，太失望了",
        "服务太差了，订单{order}一团糟",
        "我要投诉{product}的质量问题",
        "快递员态度很差，把{product}扔在门口",
      ],
      replies: [
        "非常抱歉，{product}给您免费补发了，订单{order}。",
        "给您带来不好的体验很抱歉，订单{order}已经反馈给质检部门。",
      ],
    },
    payment_problem: {
      asks: [
        "订单{order}被扣了两次款",
        "{product}一直付款失败",
        "结账的时候为什么支付被拒了？",
        "订单{order}已经付款了还显示未付款",
      ],
      replies: [
        "亲，订单{order}重复扣的款会在{days}天内退回。",
        "订单{order}的付款已经成功了，{product}今天就发货。",
      ],
    },
    address_change: {
      asks: [
        "订单{order}的收货地址要改一下",
        "{product}能寄到别的地址吗？",
        "我搬家了，请更新订单{order}的地址",
        "订单{order}地址写错了，能改吗？",
      ],
      replies: [
        "亲，订单{order}的收货地址已经改好了，{product}会寄到新地址。",
        "订单{order}在发货前已经修改了地址。",
      ],
    },
  },
  sentiment: {
    negative: [
      "{product}用了两天就坏了，质量太差",
      "对{product}真的很失望",
      "体验很糟糕，{product}根本不能用",
      "这个{product}纯属浪费钱",
    ],
    neutral: ["今天收到了{product}", "{product}和描述的尺寸一样", "上周买了{product}", "{product}是盒装的"],
    positive: [
      "很喜欢这个{product}，质量很好！",
      "{product}非常好用，很满意",
      "发货很快，{product}很棒",
      "买过最好的{product}，谢谢",
    ],
  },
  date: (m, d) => `${m + 1}月${d}日`,
};
