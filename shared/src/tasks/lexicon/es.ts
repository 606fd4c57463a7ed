import type { Lexicon } from "./lexicon";

const MESES = [
  "enero",
  "febrero",
  "marzo",
  "abril",
  "mayo",
  "junio",
  "julio",
  "agosto",
  "septiembre",
  "octubre",
  "noviembre",
  "diciembre",
];

/** Spanish templates. */
export const es: Lexicon = {
  language: "es",
  joiner: " ",
  products: [
    "auriculares inalámbricos",
    "zapatillas de correr",
    "chaqueta de invierno",
    "cafetera",
    "funda de móvil",
    "esterilla de yoga",
    "mochila",
    "lámpara de escritorio",
  ],
  prefixes: ["", "Hola,", "Buenas,", "Disculpe,", "Buenos días,"],
  suffixes: ["", "Gracias.", "¡Muchas gracias!", "Por favor, ayúdenme.", "Un saludo."],
  greetings: {
    customer: ["Hola, ¿hay alguien?", "Buenas, necesito ayuda."],
    agent: ["¡Hola! ¿En qué puedo ayudarle hoy?", "Gracias por contactarnos. ¿Qué necesita?"],
  },
  intents: {
    order_status: {
      asks: [
        "¿dónde está mi pedido {order}?",
        "¿me puede decir el estado del pedido {order}?",
        "¿ya enviaron mis {product}? pedido {order}",
        "quiero rastrear mi pedido {order}",
      ],
      replies: [
        "Su pedido {order} ya salió y llegará el {date}.",
        "He revisado el pedido {order}: el producto {product} está en camino, el seguimiento está en su cuenta.",
      ],
    },
    refund: {
      asks: [
        "quiero un reembolso por {product}",
        "¿cómo recupero mi dinero del pedido {order}?",
        "reembolsen el pedido {order}, {product} no es lo que esperaba",
        "¿cuándo recibiré el reembolso de {product}?",
      ],
      replies: [
        "He iniciado el reembolso del pedido {order}; el dinero volverá a su tarjeta en {days} días.",
        "Cuando recibamos {product}, el reembolso se emite en {days} días.",
      ],
    },
    shipping_delay: {
      asks: [
        "mi pedido {order} va con retraso, debía llegar el {date}",
        "¿por qué tarda tanto en llegar {product}?",
        "la entrega del pedido {order} se ha retrasado otra vez",
        "han pasado {days} días y mi paquete no llega",
      ],
      replies: [
        "Disculpe el retraso: el transportista tiene el pedido {order} y prevé entregarlo el {date}.",
        "El envío de {product} se retuvo en el almacén; ya está en tránsito y llegará en {days} días.",
      ],
    },
    product_question: {
      asks: [
        "¿{product} es resistente al agua?",
        "¿en qué tallas viene {product}?",
        "¿{product} tiene garantía?",
        "¿me puede contar más sobre {product} antes de comprar?",
      ],
      replies: [
        "El producto {product} tiene un año de garantía y está disponible en varias tallas y colores.",
        "Sí, {product} es resistente al agua; las especificaciones están en la página del producto.",
      ],
    },
    cancellation: {
      asks: [
        "por favor cancelen mi pedido {order}",
        "quiero cancelar {product} que pedí",
        "¿todavía puedo cancelar el pedido {order}? cambié de opinión",
        "¿cómo cancelo la compra de {product}?",
      ],
      replies: [
        "El pedido {order} ha sido cancelado; no se le cobrará {product}.",
        "He cancelado el pedido {order} antes del envío.",
      ],
    },
    complaint: {
      asks: [
        "{product} llegó roto y estoy muy descontento",
        "es el peor servicio que he tenido, el pedido {order} fue un desastre",
        "quiero presentar una queja sobre {product}",
        "el repartidor fue grosero y tiró {product} en la puerta",
      ],
      replies: [
        "Lamento mucho lo de {product}; le he enviado un reemplazo del pedido {order} sin coste.",
        "Le pido disculpas; he escalado el pedido {order} a nuestro equipo de calidad.",
      ],
    },
    payment_problem: {
      asks: [
        "me cobraron dos veces el pedido {order}",
        "el pago de {product} sigue fallando",
        "¿por qué rechazaron mi pago al finalizar la compra?",
        "pagué el pedido {order} pero sigue como no pagado",
      ],
      replies: [
        "Veo el cobro duplicado del pedido {order}; se devolverá en {days} días.",
        "El pago del pedido {order} ya está confirmado; {product} se envía hoy.",
      ],
    },
    address_change: {
      asks: [
        "necesito cambiar la dirección de entrega del pedido {order}",
        "¿puedo enviar {product} a otra dirección?",
        "me mudé, actualicen la dirección del pedido {order}",
        "la dirección del pedido {order} está mal, ¿la pueden corregir?",
      ],
      replies: [
        "He actualizado la dirección del pedido {order}; {product} irá a la nueva dirección.",
        "La dirección del pedido {order} se cambió antes del envío.",
      ],
    },
  },
  sentiment: {
    negative: [
      "{product} se rompió a los dos días, pésima calidad",
      "estoy muy decepcionado con {product}",
      "experiencia horrible, {product} nunca funcionó",
      "{product} es un desperdicio de dinero",
    ],
    neutral: [
      "hoy recibí {product}",
      "{product} tiene el tamaño descrito",
      "pedí {product} la semana pasada",
      "{product} viene en una caja",
    ],
    positive: [
      "me encanta {product}, ¡gran calidad!",
      "{product} funciona perfecto, muy contento",
      "envío rápido y {product} es excelente",
      "el mejor producto que he comprado, {product} es genial, gracias",
    ],
  },
  date: (m, d) => `${d} de ${MESES[m]}`,
};
