import type { Lexicon } from "./lexicon";

const MESES = [
  "janeiro",
  "fevereiro",
  "março",
  "abril",
  "maio",
  "junho",
  "julho",
  "agosto",
  "setembro",
  "outubro",
  "novembro",
  "dezembro",
];

/** Portuguese (Brazilian) templates. */
export const pt: Lexicon = {
  language: "pt",
  joiner: " ",
  products: [
    "fones sem fio",
    "tênis de corrida",
    "jaqueta de inverno",
    "cafeteira",
    "capinha de celular",
    "tapete de ioga",
    "mochila",
    "luminária de mesa",
  ],
  prefixes: ["", "Olá,", "Oi,", "Com licença,", "Bom dia,"],
  suffixes: ["", "Obrigado.", "Muito obrigada!", "Por favor, me ajudem.", "Aguardo retorno."],
  greetings: {
    customer: ["Olá, tem alguém aí?", "Oi, preciso de ajuda."],
    agent: ["Olá! Como posso ajudar hoje?", "Obrigado pelo contato. O que posso fazer por você?"],
  },
  intents: {
    order_status: {
      asks: [
        "onde está meu pedido {order}?",
        "pode me dizer o status do pedido {order}?",
        "o produto {product} já foi enviado? pedido {order}",
        "quero rastrear meu pedido {order}",
      ],
      replies: [
        "Seu pedido {order} foi enviado e chega em {date}.",
        "Verifiquei o pedido {order}: o produto {product} está a caminho, o rastreio está na sua conta.",
      ],
    },
    refund: {
      asks: [
        "quero reembolso do produto {product}",
        "como recebo meu dinheiro de volta do pedido {order}?",
        "reembolsem o pedido {order}, o produto {product} não é o que esperava",
        "quando vou receber o reembolso do produto {product}?",
      ],
      replies: [
        "Iniciei o reembolso do pedido {order}; o valor volta ao seu cartão em {days} dias.",
        "Assim que recebermos o produto {product}, o reembolso sai em {days} dias.",
      ],
    },
    shipping_delay: {
      asks: [
        "meu pedido {order} está atrasado, deveria chegar em {date}",
        "por que o produto {product} está demorando tanto?",
        "a entrega do pedido {order} atrasou de novo",
        "já faz {days} dias e meu pacote não chegou",
      ],
      replies: [
        "Desculpe o atraso: a transportadora prevê entregar o pedido {order} em {date}.",
        "O produto {product} ficou retido no centro de distribuição; já saiu e chega em {days} dias.",
      ],
    },
    product_question: {
      asks: [
        "o produto {product} é à prova d'água?",
        "quais tamanhos o produto {product} tem?",
        "o produto {product} tem garantia?",
        "pode me falar mais sobre o produto {product} antes de eu comprar?",
      ],
      replies: [
        "O produto {product} tem garantia de um ano e vem em vários tamanhos e cores.",
        "Sim, o produto {product} é resistente à água; as especificações estão na página do produto.",
      ],
    },
    cancellation: {
      asks: [
        "por favor cancelem meu pedido {order}",
        "quero cancelar o produto {product} que pedi",
        "ainda posso cancelar o pedido {order}? mudei de ideia",
        "como cancelo a compra do produto {product}?",
      ],
      replies: [
        "O pedido {order} foi cancelado; o produto {product} não será cobrado.",
        "Cancelei o pedido {order} antes do envio.",
      ],
    },
    complaint: {
      asks: [
        "o produto {product} chegou quebrado e estou muito insatisfeito",
        "é o pior atendimento que já tive, o pedido {order} foi um desastre",
        "quero registrar uma reclamação sobre o produto {product}",
        "o entregador foi grosso e jogou o produto {product} na porta",
      ],
      replies: [
        "Sinto muito pelo produto {product}; enviei uma troca do pedido {order} sem custo.",
        "Peço desculpas; encaminhei o pedido {order} para nossa equipe de qualidade.",
      ],
    },
    payment_problem: {
      asks: [
        "fui cobrado duas vezes pelo pedido {order}",
        "o pagamento do produto {product} continua falhando",
        "por que meu pagamento foi recusado no checkout?",
        "paguei o pedido {order} mas aparece como não pago",
      ],
      replies: [
        "Vejo a cobrança duplicada do pedido {order}; ela será estornada em {days} dias.",
        "O pagamento do pedido {order} foi confirmado; o produto {product} sai hoje.",
      ],
    },
    address_change: {
      asks: [
        "preciso mudar o endereço de entrega do pedido {order}",
        "posso enviar o produto {product} para outro endereço?",
        "me mudei, atualizem o endereço do pedido {order}",
        "endereço errado no pedido {order}, podem corrigir?",
      ],
      replies: [
        "Atualizei o endereço do pedido {order}; o produto {product} vai para o novo endereço.",
        "O endereço do pedido {order} foi alterado antes do envio.",
      ],
    },
  },
  sentiment: {
    negative: [
      "o produto {product} quebrou em dois dias, qualidade péssima",
      "estou muito decepcionado com o produto {product}",
      "experiência horrível, o produto {product} nunca funcionou",
      "o produto {product} é dinheiro jogado fora",
    ],
    neutral: [
      "recebi o produto {product} hoje",
      "o produto {product} tem o tamanho descrito",
      "pedi o produto {product} na semana passada",
      "o produto {product} vem numa caixa",
    ],
    positive: [
      "amei o produto {product}, ótima qualidade!",
      "o produto {product} funciona perfeitamente, muito satisfeito",
      "entrega rápida e o produto {product} é excelente",
      "melhor compra, o produto {product} é ótimo, obrigado",
    ],
  },
  date: (m, d) => `${d} de ${MESES[m]}`,
};
