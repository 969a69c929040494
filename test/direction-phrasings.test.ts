/**
 * Which way is better, on phrasings as offices print them: descriptions and formulas of
 * the indicators of Italian service charters (ministries, agencies, health authorities,
 * comuni, utilities, transport), in both directions. Each row is what the charter prints
 * (a description, or a formula where the template has one), the unit the target reads as,
 * and the comparator it states, if any. The cues are data in src/normalize/direction-cues.ts;
 * a phrasing that fails here names a word the data lacks, or one it reads the wrong way.
 */
import { describe, expect, it } from "vitest";
import type { Unit } from "../src/model/schema.js";
import { betterDirection } from "../src/normalize/direction.js";

type Case = [text: string, unit: Unit, comparator?: string];

/** Phrasings whose higher value is better: outcomes, shares served in time, opening and availability, notice. */
const HIGHER: readonly Case[] = [
  ["Segnalazioni chiuse con esito", "percent"],
  ["Percentuale di segnalazioni chiuse", "percent"],
  ["Reclami chiusi entro i termini / reclami ricevuti", "percent"],
  ["Percentuale di reclami risolti entro 30 giorni", "percent"],
  ["Numero di pratiche evase nei termini / numero totale di pratiche pervenute", "percent"],
  ["Grado di soddisfazione degli utenti", "percent"],
  ["Percentuale di utenti soddisfatti del servizio", "percent"],
  ["Numero di giornate di apertura al pubblico / giornate lavorative", "percent"],
  ["Ore settimanali di apertura dello sportello", "weekly_hours"],
  ["Ore di disponibilità del servizio di assistenza telefonica a settimana", "weekly_hours"],
  ["Giorni di apertura del servizio nell'anno", "days"],
  ["Numero di ore di apertura giornaliera dello sportello", "hours"],
  ["Tempo minimo di preavviso per le interruzioni programmate", "hours"],
  ["Preavviso all'utente degli interventi programmati", "days"],
  ["Percentuale di certificati rilasciati entro 5 giorni dalla richiesta", "percent"],
  ["Percentuale di istanze accolte", "percent"],
  ["Percentuale di domande di iscrizione accolte", "percent"],
  ["Percentuale di chiamate al call center con risposta entro 60 secondi", "percent"],
  ["Accessibilità del sito web: giorni di disponibilità / giorni dell'anno", "percent"],
  ["Percentuale di pratiche concluse nei tempi previsti", "percent"],
  ["Numero di risposte fornite entro 30 giorni / numero di richieste di informazioni", "percent"],
  ["Percentuale di pagamenti effettuati entro la scadenza", "percent"],
  ["Reclami gestiti entro 30 giorni / reclami pervenuti", "percent"],
  ["Percentuale di contestazioni risolte in via bonaria", "percent"],
  ["Percentuale di guasti riparati entro 24 ore dalla segnalazione", "percent"],
  ["Numero di segnalazioni riscontrate entro 15 giorni / numero di segnalazioni ricevute", "percent"],
  ["Percentuale di richieste di rimborso liquidate nei termini", "percent"],
  ["Percentuale di interventi eseguiti entro il tempo massimo", "percent"],
  ["Numero di pratiche senza errori / pratiche lavorate", "percent"],
  ["Percentuale di utenti che hanno ottenuto l'appuntamento entro 30 giorni", "percent"],
  ["Percentuale di giorni in cui il servizio è stato erogato senza interruzioni", "percent"],
  ["Percentuale di fatture emesse senza anomalie", "percent"],
  ["Corse effettuate / corse programmate", "percent"],
  ["Tasso di copertura del servizio di assistenza domiciliare", "percent"],
  ["Percentuale di richieste evase", "percent", ">="],
  ["Tempo di risposta alle richieste", "days", ">="],
  ["Pratiche definite con esito positivo / pratiche presentate", "percent"],
];

/** Phrasings whose lower value is better: times, complaints, interruptions, errors, delays, losses. */
const LOWER: readonly Case[] = [
  ["Tempo medio di attesa allo sportello", "minutes"],
  ["Tempo massimo di risposta ai reclami", "days"],
  ["Tempo di rilascio del certificato", "working_days"],
  ["Tempi di attesa per la prima visita specialistica", "days"],
  ["Tempo di evasione delle richieste di accesso agli atti", "days"],
  ["Tempo di consegna dei referti", "days"],
  ["Tempo medio di liquidazione delle prestazioni", "days"],
  ["Tempo di attesa telefonico prima della risposta dell'operatore", "minutes"],
  ["Tempo di attivazione della fornitura", "working_days"],
  ["Tempo di arrivo sul luogo di chiamata per pronto intervento", "minutes"],
  ["Durata media delle interruzioni non programmate", "hours"],
  ["Giacenza media delle pratiche", "days"],
  ["Numero di giorni di ritardo nella pubblicazione", "days"],
  ["Numero di reclami ricevuti / numero di utenti serviti", "percent"],
  ["Percentuale di reclami sul totale delle pratiche", "percent"],
  ["Numero di reclami non risolti / reclami ricevuti", "percent"],
  ["Percentuale di interruzioni del servizio", "percent"],
  ["Tasso di errore nelle pratiche lavorate", "percent"],
  ["Percentuale di pratiche respinte per errori formali", "percent"],
  ["Numero di disservizi segnalati / numero di giorni di servizio", "percent"],
  ["Percentuale di pagamenti in ritardo", "percent"],
  ["Percentuale di corse soppresse", "percent"],
  ["Tasso di abbandono delle chiamate al call center", "percent"],
  ["Perdite idriche lineari sul totale del volume immesso in rete", "percent"],
  ["Percentuale di fatture contestate dagli utenti", "percent"],
  ["Percentuale di richieste inevase", "percent"],
  ["Numero di pratiche arretrate / pratiche pervenute", "percent"],
  ["Numero di giorni di chiusura straordinaria dello sportello / giorni lavorativi", "percent"],
  ["Percentuale di bollette errate", "percent"],
  ["Numero di richieste di rettifica / fatture emesse", "percent"],
  ["Percentuale di chiamate perse", "percent"],
  ["Percentuale di non conformità rilevate nei controlli", "percent"],
  ["Numero di segnalazioni ricevute per non conformità della risposta / numero di risposte", "percent"],
  ["Numero di istanze non accolte / istanze presentate", "percent"],
  ["Percentuale di lamentele sul servizio mensa", "percent"],
  ["Percentuale di guasti sui mezzi in servizio", "percent"],
  ["Rilascio entro 10 giorni", "percent", "<="],
];

describe("which way is better, on real phrasings", () => {
  it("has at least 60 phrasings, both ways", () => {
    expect(HIGHER.length + LOWER.length).toBeGreaterThanOrEqual(60);
    expect(Math.min(HIGHER.length, LOWER.length)).toBeGreaterThanOrEqual(25);
  });

  const decide = ([text, unit, comparator]: Case) => {
    // A ratio is printed as a formula; anything else as the description.
    const ratio = text.includes("/");
    return betterDirection({ description: ratio ? null : text, formula: ratio ? text : null, unit, comparator: comparator ?? null });
  };

  it.each(HIGHER)("higher: %s (%s)", (...c) => {
    const d = decide(c as Case);
    expect(d.better, `decided by ${d.reason}`).toBe("higher");
  });

  it.each(LOWER)("lower: %s (%s)", (...c) => {
    const d = decide(c as Case);
    expect(d.better, `decided by ${d.reason}`).toBe("lower");
  });
});
