import type { Lexicon } from "./lexicon";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** English templates. */
export const en: Lexicon = {
  language: "en",
  joiner: " ",
  products: [
    "wireless earbuds",
    "running shoes",
    "winter jacket",
    "coffee maker",
    "phone case",
    "yoga mat",
    "backpack",
    "desk lamp",
  ],
  prefixes: ["", "Hi,", "Hello,", "Excuse me,", "Hey there,"],
  suffixes: ["", "Thanks.", "Thank you!", "Please help.", "Thanks in advance."],
  greetings: {
    customer: ["Hi, is anyone there?", "Hello, I need some help."],
    agent: ["Hello! How can I help you today?", "Hi, thanks for reaching out. What can I do for you?"],
  },
  intents: {
    order_status: {
      asks: [
        "where is my order {order}?",
        "can you tell me the status of order {order}?",
        "has my {product} shipped yet? order {order}",
        "I want to track my order {order}",
      ],
      replies: [
        "Your order {order} has shipped and should arrive by {date}.",
        "I checked order {order}: the {product} is on its way, tracking is in your account.",
      ],
    },
    refund: {
      asks: [
        "I want a refund for my {product}",
        "how do I get my money back for order {order}?",
        "please refund order {order}, the {product} is not what I expected",
        "when will I receive my refund for the {product}?",
      ],
      replies: [
        "I have started a refund for order {order}; the money returns to your card within {days} days.",
        "Once we receive the {product} back, your refund is issued within {days} days.",
      ],
    },
    shipping_delay: {
      asks: [
        "my order {order} is late, it should have arrived by {date}",
        "why is my {product} taking so long to arrive?",
        "the delivery of order {order} is delayed again",
        "it has been {days} days and my package still has not come",
      ],
      replies: [
        "Sorry for the delay: the carrier has order {order} and now expects delivery on {date}.",
        "The {product} was held up at the depot; it is back in transit and should reach you in {days} days.",
      ],
    },
    product_question: {
      asks: [
        "is the {product} waterproof?",
        "what sizes does the {product} come in?",
        "does the {product} have a warranty?",
        "can you tell me more about the {product} before I buy it?",
      ],
      replies: [
        "The {product} comes with a one-year warranty and is available in several sizes and colours.",
        "Yes, the {product} is water resistant; the full specifications are on the product page.",
      ],
    },
    cancellation: {
      asks: [
        "please cancel my order {order}",
        "I want to cancel the {product} I ordered",
        "can I still cancel order {order}? I changed my mind",
        "how do I cancel my purchase of the {product}?",
      ],
      replies: [
        "Order {order} has been cancelled; you will not be charged for the {product}.",
        "I cancelled order {order} for you before it shipped.",
      ],
    },
    complaint: {
      asks: [
        "the {product} arrived broken and I am very unhappy",
        "this is the worst service I have had, order {order} was a mess",
        "I want to file a complaint about the {product}",
        "your courier was rude and threw my {product} at the door",
      ],
      replies: [
        "I am very sorry about the {product}; I have sent a replacement for order {order} at no cost.",
        "I apologise for this experience; I have escalated order {order} to our quality team.",
      ],
    },
    payment_problem: {
      asks: [
        "my card was charged twice for order {order}",
        "the payment for the {product} keeps failing",
        "why was my payment declined at checkout?",
        "I paid for order {order} but it still says unpaid",
      ],
      replies: [
        "I see the duplicate charge on order {order}; the extra payment will be reversed within {days} days.",
        "Your payment for order {order} went through now; the {product} will ship today.",
      ],
    },
    address_change: {
      asks: [
        "I need to change the delivery address for order {order}",
        "can I send my {product} to a different address?",
        "I moved, please update the shipping address on order {order}",
        "wrong address on my order {order}, can you fix it?",
      ],
      replies: [
        "I updated the shipping address on order {order}; the {product} will go to the new address.",
        "The address for order {order} has been changed before dispatch.",
      ],
    },
  },
  sentiment: {
    negative: [
      "the {product} broke after two days, terrible quality",
      "I am really disappointed with the {product}",
      "awful experience, the {product} never worked",
      "this {product} is a waste of money",
    ],
    neutral: [
      "I received the {product} today",
      "the {product} is the size described",
      "I ordered the {product} last week",
      "the {product} comes in a box",
    ],
    positive: [
      "I love the {product}, great quality!",
      "the {product} works perfectly, very happy",
      "fast delivery and the {product} is excellent",
      "best {product} I have bought, thank you",
    ],
  },
  date: (m, d) => `${MONTHS[m]} ${d}`,
};
