/**
 * The claims the demo's fact-checker anchors in the seed article, in the order they appear
 * in it. Every quote is copied verbatim from test/fixtures/us-forces-iraq.ar.txt (a spec
 * checks that each occurs exactly once). `gloss` is the short English label the demo prints beside the quote.
 */

import type { Verdict } from '#editorial';

export interface DemoSource {
  url: string;
  title: string;
}

export interface DemoVerdict {
  verdict: Verdict;
  rationale: string;
  sources: DemoSource[];
}

export interface DemoClaim {
  key: string;
  gloss: string;
  quote: string;
  claimant?: string;
  claimedAt?: string;
  verdict: DemoVerdict;
}

const wikipedia = (page: string, title: string): DemoSource => ({ url: `https://en.wikipedia.org/wiki/${page}`, title: `Wikipedia: ${title}` });

const intervention2014 = wikipedia('American-led_intervention_in_Iraq_(2014%E2%80%932021)', 'American-led intervention in Iraq (2014–2021)');

export const demoClaims: DemoClaim[] = [
  {
    key: 'combat-mission-ends',
    gloss: 'Combat mission ends 2021',
    quote: 'ستنهي مهمتها القتالية في العراق مع حلول نهاية العام الجاري',
    claimant: 'جو بايدن',
    claimedAt: '2021-07-26',
    verdict: {
      verdict: 'mostly_true',
      rationale:
        'The end of the US combat mission was announced on 9 December 2021, as promised, but about 2,500 US troops stayed at the same bases in an advise-and-assist role, so the change on the ground was largely one of designation.',
      sources: [intervention2014],
    },
  },
  {
    key: 'iraqi-forces-capable',
    gloss: 'Iraqi forces suffice',
    quote: 'قوات الأمن والجيش العراقي قادران على الدفاع عن البلاد دون قوات التحالف',
    claimant: 'مصطفى الكاظمي',
    claimedAt: '2021-07-26',
    verdict: {
      verdict: 'unverifiable',
      rationale:
        'A forward-looking assessment of military capability by the Iraqi prime minister; no independent evidence can confirm or refute it, and coalition advisers and intelligence support stayed in place.',
      sources: [wikipedia('Iraqi_Armed_Forces', 'Iraqi Armed Forces'), intervention2014],
    },
  },
  {
    key: 'soleimani-killed',
    gloss: 'Soleimani killed by US',
    quote: 'مقتل قاسم سليماني، القائد السابق لفيلق القدس الإيراني، في غارة شنتها الولايات المتحدة بطائرة مسيرة في العاصمة العراقية بغداد العام الماضي',
    verdict: {
      verdict: 'true',
      rationale:
        'A US drone strike at Baghdad International Airport killed Qasem Soleimani, commander of the Revolutionary Guards’ Quds Force, on 3 January 2020, the year before this July 2021 report.',
      sources: [
        { url: 'https://www.bbc.co.uk/news/world-middle-east-50979463', title: 'BBC News: Qasem Soleimani: US kills top Iranian general in Baghdad air strike' },
        wikipedia('Assassination_of_Qasem_Soleimani', 'Assassination of Qasem Soleimani'),
      ],
    },
  },
  {
    key: 'invasion-2003',
    gloss: 'Invasion of 2003',
    quote: 'القوات الأمريكية غزت العراق عام 2003 للإطاحة بصدام حسين من سدة الحكم',
    verdict: {
      verdict: 'true',
      rationale: 'The US-led invasion began on 20 March 2003; Baghdad fell on 9 April 2003 and Saddam Hussein’s government was removed from power.',
      sources: [wikipedia('2003_invasion_of_Iraq', '2003 invasion of Iraq')],
    },
  },
  {
    key: 'wmd-justification',
    gloss: 'WMD justification',
    quote: 'والقضاء على أسلحة دمار شامل',
    claimant: 'إدارة جورج دبليو بوش',
    claimedAt: '2003-03-17',
    verdict: {
      verdict: 'mostly_true',
      rationale:
        'Recorded as the case stood in March 2003: US and British intelligence assessments, and Iraq’s unresolved disarmament obligations under UN Security Council Resolution 1441, supported the belief that Iraq still held chemical and biological weapons.',
      sources: [
        { url: 'https://georgewbush-whitehouse.archives.gov/news/releases/2003/03/20030317-7.html', title: 'The White House: President Says Saddam Hussein Must Leave Iraq Within 48 Hours (17 March 2003)' },
        wikipedia('United_Nations_Security_Council_Resolution_1441', 'UN Security Council Resolution 1441'),
      ],
    },
  },
  {
    key: 'withdrawal-2011-return',
    gloss: '2011 exit, 2014 return',
    quote: 'ورحلت القوات القتالية الأمريكية من العراق عام 2011، لكنها عادت مرة أخرى، بناء على طلب الحكومة العراقية، بعد ثلاث سنوات',
    verdict: {
      verdict: 'true',
      rationale:
        'The last US troops left Iraq in December 2011 under the 2008 withdrawal agreement; in June 2014, after the Islamic State group seized Mosul, the Iraqi government asked for help and US forces returned.',
      sources: [wikipedia('Withdrawal_of_United_States_troops_from_Iraq_(2007%E2%80%932011)', 'Withdrawal of United States troops from Iraq (2007–2011)'), intervention2014],
    },
  },
  {
    key: 'isis-defeated-2017',
    gloss: 'ISIS defeated, end 2017',
    quote: 'الهزيمة العسكرية التي مني بها التنظيم في العراق في نهاية عام 2017',
    verdict: {
      verdict: 'true',
      rationale: 'Prime Minister Haider al-Abadi declared final victory over the Islamic State group on 9 December 2017, after Iraqi forces retook the last territory it held along the Syrian border.',
      sources: [wikipedia('War_in_Iraq_(2013%E2%80%932017)', 'War in Iraq (2013–2017)')],
    },
  },
];

export const WMD_CLAIM_KEY = 'wmd-justification';

/** Recorded after publication: the claim's latest verdict turns false after a mostly_true, so it is later disproven. */
export const wmdDisproven: DemoVerdict = {
  verdict: 'false',
  rationale:
    'The Iraq Survey Group’s final report (the Duelfer report, October 2004) found that Iraq had destroyed its chemical weapons stockpile in 1991, had ended its nuclear programme, and held no weapons of mass destruction in 2003.',
  sources: [
    wikipedia('Iraq_Survey_Group', 'Iraq Survey Group (Duelfer report)'),
    wikipedia('Iraq_and_weapons_of_mass_destruction', 'Iraq and weapons of mass destruction'),
  ],
};
