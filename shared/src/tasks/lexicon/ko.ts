import type { Lexicon } from "./lexicon";

/** Korean templates (polite -요/-니다 form). */
export const ko: Lexicon = {
  language: "ko",
  joiner: " ",
  products: [
    "무선 이어폰",
    "러닝화",
    "겨울 재킷",
    "커피 메이커",
    "휴대폰 케이스",
    "요가 매트",
    "백팩",
    "책상 조명",
  ],
  prefixes: ["", "안녕하세요,", "저기요,", "문의드립니다.", "실례합니다,"],
  suffixes: ["", "감사합니다.", "부탁드립니다.", "빨리 처리해 주세요.", "확인 부탁드려요."],
  greetings: {
    customer: ["안녕하세요, 문의할 게 있어요", "상담원 연결 부탁드려요"],
    agent: ["안녕하세요! 무엇을 도와드릴까요?", "문의 주셔서 감사합니다. 어떤 도움이 필요하신가요?"],
  },
  intents: {
    order_status: {
      asks: [
        "제 주문 {order} 어디쯤 왔나요?",
        "주문 {order} 상태 좀 알려주세요",
        "{product} 발송됐나요? 주문번호 {order}",
        "주문 {order} 배송 조회하고 싶어요",
      ],
      replies: [
        "주문 {order}은 발송되었고 {date}에 도착 예정입니다.",
        "주문 {order}을 확인했습니다. {product}은 배송 중이며 조회 번호는 계정에 있습니다.",
      ],
    },
    refund: {
      asks: [
        "{product} 환불받고 싶어요",
        "주문 {order} 환불은 어떻게 하나요?",
        "주문 {order} 환불해 주세요, {product}이 설명과 달라요",
        "{product} 환불은 언제 들어오나요?",
      ],
      replies: [
        "주문 {order} 환불을 접수했습니다. {days}일 이내에 카드로 환불됩니다.",
        "{product} 반품이 확인되면 {days}일 이내에 환불해 드립니다.",
      ],
    },
    shipping_delay: {
      asks: [
        "주문 {order}이 아직 안 왔어요, {date}까지 온다고 했는데요",
        "{product} 배송이 왜 이렇게 오래 걸리나요?",
        "주문 {order} 배송이 또 늦어지고 있어요",
        "{days}일이 지났는데 택배가 안 와요",
      ],
      replies: [
        "늦어져서 죄송합니다. 주문 {order}은 {date}에 배송될 예정입니다.",
        "{product}이 물류센터에서 지연되었으나 다시 출발해 {days}일 안에 도착합니다.",
      ],
    },
    product_question: {
      asks: [
        "{product} 방수 되나요?",
        "{product} 사이즈는 어떤 게 있나요?",
        "{product} 보증 기간이 있나요?",
        "구매 전에 {product}에 대해 더 알고 싶어요",
      ],
      replies: [
        "{product}은 1년 보증이 제공되며 여러 사이즈와 색상이 있습니다.",
        "네, {product}은 방수 제품입니다. 자세한 사양은 상품 페이지에 있습니다.",
      ],
    },
    cancellation: {
      asks: [
        "주문 {order} 취소해 주세요",
        "주문한 {product} 취소하고 싶어요",
        "주문 {order} 아직 취소 가능한가요?",
        "{product} 구매 취소는 어떻게 하나요?",
      ],
      replies: [
        "주문 {order}이 취소되었습니다. {product} 대금은 청구되지 않습니다.",
        "발송 전에 주문 {order}을 취소해 드렸습니다.",
      ],
    },
    complaint: {
      asks: [
        "{product}이 파손된 채로 왔어요, 너무 실망이에요",
        "서비스가 최악이에요, 주문 {order} 엉망이었어요",
        "{product}에 대해 불만을 접수하고 싶어요",
        "택배 기사가 불친절하고 {product}을 문 앞에 던졌어요",
      ],
      replies: [
        "{product} 건 정말 죄송합니다. 주문 {order} 교환품을 무료로 보내드렸습니다.",
        "불편을 드려 죄송합니다. 주문 {order}을 품질 관리팀에 전달했습니다.",
      ],
    },
    payment_problem: {
      asks: [
        "주문 {order} 결제가 두 번 됐어요",
        "{product} 결제가 계속 실패해요",
        "결제할 때 왜 승인이 거절됐나요?",
        "주문 {order} 결제했는데 미결제로 나와요",
      ],
      replies: [
        "주문 {order}의 중복 결제를 확인했습니다. {days}일 이내에 취소됩니다.",
        "주문 {order} 결제가 완료되었습니다. {product}은 오늘 발송됩니다.",
      ],
    },
    address_change: {
      asks: [
        "주문 {order} 배송지 주소를 바꾸고 싶어요",
        "{product}을 다른 주소로 보낼 수 있나요?",
        "이사했어요, 주문 {order} 주소 변경해 주세요",
        "주문 {order} 주소가 잘못됐어요, 고칠 수 있나요?",
      ],
      replies: [
        "주문 {order}의 배송지를 변경했습니다. {product}은 새 주소로 배송됩니다.",
        "발송 전에 주문 {order} 주소를 변경해 드렸습니다.",
      ],
    },
  },
  sentiment: {
    negative: [
      "{product}이 이틀 만에 고장 났어요, 품질 최악",
      "{product}에 정말 실망했어요",
      "끔찍한 경험이에요, {product}은 작동도 안 했어요",
      "이 {product}은 돈 낭비예요",
    ],
    neutral: [
      "오늘 {product} 받았어요",
      "{product}은 설명된 크기와 같아요",
      "지난주에 {product} 주문했어요",
      "{product}은 상자에 들어 있어요",
    ],
    positive: [
      "{product} 너무 마음에 들어요, 품질 좋아요!",
      "{product} 완벽하게 작동해요, 정말 만족해요",
      "배송도 빠르고 {product}도 훌륭해요",
      "지금까지 산 {product} 중 최고예요, 감사합니다",
    ],
  },
  date: (m, d) => `${m + 1}월 ${d}일`,
};
