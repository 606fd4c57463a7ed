import type { Lexicon } from "./lexicon";

const MONATE = [
  "Januar",
  "Februar",
  "März",
  "April",
  "Mai",
  "Juni",
  "Juli",
  "August",
  "September",
  "Oktober",
  "November",
  "Dezember",
];

/** German templates (Sie form). */
export const de: Lexicon = {
  language: "de",
  joiner: " ",
  products: [
    "kabellose Kopfhörer",
    "Laufschuhe",
    "Winterjacke",
    "Kaffeemaschine",
    "Handyhülle",
    "Yogamatte",
    "Rucksack",
    "Schreibtischlampe",
  ],
  prefixes: ["", "Hallo,", "Guten Tag,", "Entschuldigung,", "Sehr geehrte Damen und Herren,"],
  suffixes: ["", "Danke.", "Vielen Dank!", "Bitte helfen Sie mir.", "Mit freundlichen Grüßen."],
  greetings: {
    customer: ["Hallo, ist jemand da?", "Guten Tag, ich brauche Hilfe."],
    agent: ["Hallo! Wie kann ich Ihnen heute helfen?", "Danke für Ihre Nachricht. Was kann ich für Sie tun?"],
  },
  intents: {
    order_status: {
      asks: [
        "wo ist meine Bestellung {order}?",
        "können Sie mir den Status der Bestellung {order} sagen?",
        "wurde mein Artikel {product} schon versendet? Bestellung {order}",
        "ich möchte meine Bestellung {order} verfolgen",
      ],
      replies: [
        "Ihre Bestellung {order} wurde versendet und kommt voraussichtlich am {date} an.",
        "Ich habe Bestellung {order} geprüft: {product} ist unterwegs, die Sendungsnummer steht in Ihrem Konto.",
      ],
    },
    refund: {
      asks: [
        "ich möchte eine Rückerstattung für {product}",
        "wie bekomme ich mein Geld für Bestellung {order} zurück?",
        "bitte erstatten Sie Bestellung {order}, {product} entspricht nicht der Beschreibung",
        "wann bekomme ich die Rückerstattung für {product}?",
      ],
      replies: [
        "Ich habe die Rückerstattung für Bestellung {order} veranlasst; das Geld ist in {days} Tagen auf Ihrer Karte.",
        "Sobald {product} bei uns eintrifft, erstatten wir innerhalb von {days} Tagen.",
      ],
    },
    shipping_delay: {
      asks: [
        "meine Bestellung {order} ist verspätet, sie sollte am {date} kommen",
        "warum dauert die Lieferung von {product} so lange?",
        "die Lieferung der Bestellung {order} verzögert sich schon wieder",
        "seit {days} Tagen warte ich auf mein Paket",
      ],
      replies: [
        "Entschuldigen Sie die Verzögerung: der Paketdienst liefert Bestellung {order} voraussichtlich am {date}.",
        "{product} lag im Verteilzentrum fest; es ist wieder unterwegs und kommt in {days} Tagen.",
      ],
    },
    product_question: {
      asks: [
        "ist {product} wasserdicht?",
        "in welchen Größen gibt es {product}?",
        "gibt es auf {product} eine Garantie?",
        "können Sie mir mehr über {product} sagen, bevor ich kaufe?",
      ],
      replies: [
        "Auf {product} gibt es ein Jahr Garantie, erhältlich in mehreren Größen und Farben.",
        "Ja, {product} ist wasserabweisend; alle Details stehen auf der Produktseite.",
      ],
    },
    cancellation: {
      asks: [
        "bitte stornieren Sie meine Bestellung {order}",
        "ich möchte {product} stornieren, das ich bestellt habe",
        "kann ich Bestellung {order} noch stornieren? ich habe es mir anders überlegt",
        "wie storniere ich den Kauf von {product}?",
      ],
      replies: [
        "Bestellung {order} wurde storniert; {product} wird Ihnen nicht berechnet.",
        "Ich habe Bestellung {order} vor dem Versand storniert.",
      ],
    },
    complaint: {
      asks: [
        "{product} kam kaputt an und ich bin sehr unzufrieden",
        "das ist der schlechteste Service, Bestellung {order} war eine Katastrophe",
        "ich möchte mich über {product} beschweren",
        "der Bote war unhöflich und hat {product} vor die Tür geworfen",
      ],
      replies: [
        "Das mit {product} tut mir sehr leid; ich habe kostenlos Ersatz für Bestellung {order} geschickt.",
        "Ich entschuldige mich; Bestellung {order} ist an unser Qualitätsteam weitergeleitet.",
      ],
    },
    payment_problem: {
      asks: [
        "meine Karte wurde für Bestellung {order} doppelt belastet",
        "die Zahlung für {product} schlägt immer wieder fehl",
        "warum wurde meine Zahlung an der Kasse abgelehnt?",
        "ich habe Bestellung {order} bezahlt, aber sie steht noch als unbezahlt",
      ],
      replies: [
        "Ich sehe die doppelte Belastung bei Bestellung {order}; sie wird in {days} Tagen zurückgebucht.",
        "Ihre Zahlung für Bestellung {order} ist jetzt eingegangen; {product} wird heute versendet.",
      ],
    },
    address_change: {
      asks: [
        "ich muss die Lieferadresse der Bestellung {order} ändern",
        "kann ich {product} an eine andere Adresse schicken lassen?",
        "ich bin umgezogen, bitte ändern Sie die Adresse bei Bestellung {order}",
        "falsche Adresse bei Bestellung {order}, können Sie das korrigieren?",
      ],
      replies: [
        "Ich habe die Lieferadresse von Bestellung {order} geändert; {product} geht an die neue Adresse.",
        "Die Adresse von Bestellung {order} wurde vor dem Versand geändert.",
      ],
    },
  },
  sentiment: {
    negative: [
      "{product} ist nach zwei Tagen kaputt gegangen, furchtbare Qualität",
      "ich bin von {product} wirklich enttäuscht",
      "schreckliche Erfahrung, {product} hat nie funktioniert",
      "{product} ist reine Geldverschwendung",
    ],
    neutral: [
      "ich habe {product} heute erhalten",
      "{product} hat die angegebene Größe",
      "ich habe {product} letzte Woche bestellt",
      "{product} kommt in einem Karton",
    ],
    positive: [
      "ich liebe {product}, tolle Qualität!",
      "{product} funktioniert perfekt, sehr zufrieden",
      "schnelle Lieferung und {product} ist ausgezeichnet",
      "{product} ist das beste, das ich je gekauft habe, danke",
    ],
  },
  date: (m, d) => `${d}. ${MONATE[m]}`,
};
