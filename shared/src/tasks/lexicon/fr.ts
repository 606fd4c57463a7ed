import type { Lexicon } from "./lexicon";

const MOIS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];

/** French templates (vous form). */
export const fr: Lexicon = {
  language: "fr",
  joiner: " ",
  products: [
    "écouteurs sans fil",
    "chaussures de course",
    "veste d'hiver",
    "cafetière",
    "coque de téléphone",
    "tapis de yoga",
    "sac à dos",
    "lampe de bureau",
  ],
  prefixes: ["", "Bonjour,", "Bonsoir,", "Excusez-moi,", "Madame, Monsieur,"],
  suffixes: ["", "Merci.", "Merci beaucoup !", "Aidez-moi s'il vous plaît.", "Cordialement."],
  greetings: {
    customer: ["Bonjour, il y a quelqu'un ?", "Bonjour, j'ai besoin d'aide."],
    agent: [
      "Bonjour ! Comment puis-je vous aider aujourd'hui ?",
      "Merci de nous contacter. Que puis-je faire pour vous ?",
    ],
  },
  intents: {
    order_status: {
      asks: [
        "où est ma commande {order} ?",
        "pouvez-vous me donner le statut de la commande {order} ?",
        "mon article {product} est-il déjà expédié ? commande {order}",
        "je veux suivre ma commande {order}",
      ],
      replies: [
        "Votre commande {order} est expédiée et arrivera le {date}.",
        "J'ai vérifié la commande {order} : l'article {product} est en route, le suivi est dans votre compte.",
      ],
    },
    refund: {
      asks: [
        "je veux un remboursement pour l'article {product}",
        "comment récupérer mon argent pour la commande {order} ?",
        "remboursez la commande {order}, l'article {product} ne correspond pas",
        "quand vais-je recevoir le remboursement de l'article {product} ?",
      ],
      replies: [
        "J'ai lancé le remboursement de la commande {order} ; l'argent revient sur votre carte sous {days} jours.",
        "Dès réception de l'article {product}, le remboursement est émis sous {days} jours.",
      ],
    },
    shipping_delay: {
      asks: [
        "ma commande {order} est en retard, elle devait arriver le {date}",
        "pourquoi l'article {product} met-il autant de temps à arriver ?",
        "la livraison de la commande {order} est encore retardée",
        "cela fait {days} jours et mon colis n'est toujours pas là",
      ],
      replies: [
        "Désolé pour le retard : le transporteur prévoit de livrer la commande {order} le {date}.",
        "L'article {product} était bloqué au dépôt ; il est reparti et arrivera dans {days} jours.",
      ],
    },
    product_question: {
      asks: [
        "l'article {product} est-il imperméable ?",
        "quelles tailles existent pour l'article {product} ?",
        "l'article {product} a-t-il une garantie ?",
        "pouvez-vous m'en dire plus sur l'article {product} avant que j'achète ?",
      ],
      replies: [
        "L'article {product} a une garantie d'un an et existe en plusieurs tailles et couleurs.",
        "Oui, l'article {product} est imperméable ; les caractéristiques sont sur la page produit.",
      ],
    },
    cancellation: {
      asks: [
        "veuillez annuler ma commande {order}",
        "je veux annuler l'article {product} que j'ai commandé",
        "puis-je encore annuler la commande {order} ? j'ai changé d'avis",
        "comment annuler l'achat de l'article {product} ?",
      ],
      replies: [
        "La commande {order} est annulée ; l'article {product} ne vous sera pas facturé.",
        "J'ai annulé la commande {order} avant l'expédition.",
      ],
    },
    complaint: {
      asks: [
        "l'article {product} est arrivé cassé et je suis très mécontent",
        "c'est le pire service que j'ai connu, la commande {order} était un désastre",
        "je veux déposer une réclamation sur l'article {product}",
        "le livreur était impoli et a jeté l'article {product} devant la porte",
      ],
      replies: [
        "Je suis vraiment désolé pour l'article {product} ; un remplacement gratuit de la commande {order} est parti.",
        "Toutes mes excuses ; la commande {order} est transmise à notre équipe qualité.",
      ],
    },
    payment_problem: {
      asks: [
        "ma carte a été débitée deux fois pour la commande {order}",
        "le paiement de l'article {product} échoue sans cesse",
        "pourquoi mon paiement a-t-il été refusé ?",
        "j'ai payé la commande {order} mais elle apparaît comme impayée",
      ],
      replies: [
        "Je vois le double débit de la commande {order} ; il sera annulé sous {days} jours.",
        "Votre paiement de la commande {order} est validé ; l'article {product} part aujourd'hui.",
      ],
    },
    address_change: {
      asks: [
        "je dois changer l'adresse de livraison de la commande {order}",
        "puis-je envoyer l'article {product} à une autre adresse ?",
        "j'ai déménagé, mettez à jour l'adresse de la commande {order}",
        "mauvaise adresse sur la commande {order}, pouvez-vous corriger ?",
      ],
      replies: [
        "J'ai modifié l'adresse de la commande {order} ; l'article {product} ira à la nouvelle adresse.",
        "L'adresse de la commande {order} a été changée avant l'expédition.",
      ],
    },
  },
  sentiment: {
    negative: [
      "l'article {product} s'est cassé après deux jours, qualité horrible",
      "je suis vraiment déçu par l'article {product}",
      "expérience affreuse, l'article {product} n'a jamais marché",
      "l'article {product} est de l'argent gaspillé",
    ],
    neutral: [
      "j'ai reçu l'article {product} aujourd'hui",
      "l'article {product} a la taille indiquée",
      "j'ai commandé l'article {product} la semaine dernière",
      "l'article {product} est livré dans une boîte",
    ],
    positive: [
      "j'adore l'article {product}, super qualité !",
      "l'article {product} marche parfaitement, très content",
      "livraison rapide et l'article {product} est excellent",
      "meilleur achat, l'article {product} est génial, merci",
    ],
  },
  date: (m, d) => `${d} ${MOIS[m]}`,
};
