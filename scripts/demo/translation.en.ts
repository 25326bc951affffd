/**
 * The demo's English translation of the seed article (test/fixtures/us-forces-iraq.ar.txt),
 * paragraph for paragraph, subheadings included. Translated for this project.
 */
export const englishTranslation = {
  language: 'en',
  title: 'The US forces’ mission in Iraq: from combat to training',
  body: [
    'The US president has confirmed that the United States will end its combat mission in Iraq by the end of this year, while a number of its forces stay on to train the Iraqi army and provide it with military advice.',
    'Speaking during talks with the Iraqi prime minister at the White House, Biden said: “Our role will be to make our services available in terms of training, support and assistance, and to deal with the Islamic State group if it comes back again.”',
    'A joint statement issued by the two sides said: “Following the conclusion of the latest technical team talks, the security relationship will transition entirely to advice, training and intelligence cooperation, and there will be no US forces in a combat role in Iraq by 31 December.”',
    'The statement noted that “the bases hosting US and international coalition personnel are Iraqi bases, run under the Iraqi laws in force, and are not American bases nor bases belonging to the international coalition, and the presence of international personnel in Iraq is solely to support the Iraqi government in the war against the terrorist organisation Daesh.”',
    'Iran-aligned Iraqi parties and political forces are demanding the withdrawal of all forces of the US-led coalition against the Islamic State group in the region, despite the continuing threat posed by the group’s remnants in Iraq.',
    'Stronger relations',
    'The Iraqi prime minister said his country no longer needs US combat forces to fight the “Islamic State” group on its soil.',
    'In remarks to the press, al-Kadhimi affirmed that the Iraqi security forces and army are capable of defending the country without the US-led coalition forces, and noted that his country would continue to ask the United States for training and for the gathering of military intelligence.',
    'He also affirmed the Iraqi government’s commitment to protecting the personnel of the international coalition, who, he said, are in Iraq at its invitation.',
    'According to al-Kadhimi, the timetable for the withdrawal of US forces from Iraq will depend on the needs of the Iraqi forces, which “have shown over the past year that they are able to carry out independent operations against the group.”',
    'Al-Kadhimi said: “Today our relationship is stronger than ever, and our cooperation will extend to the economy, the environment, health, education, culture and many other fields.”',
    'A decision to ease the pressure',
    'Iraq is a main arena of the conflict between Washington and Tehran, where the presence of US forces is a target for attacks by Iran-aligned militias, and for retaliatory strikes carried out by Washington.',
    'This conflict has escalated since the killing of Qasem Soleimani, the former commander of Iran’s Quds Force, in a US drone strike in the Iraqi capital, Baghdad, last year.',
    'Washington considers its relations with Baghdad strategic, and the United States is not expected to leave Iraq to Iran at a time when relations between the two countries are deteriorating.',
    'Washington’s decision to reduce its forces in Iraq is therefore not expected to affect the size of its presence there, or the aims of that presence.',
    'Observers believe that the US decision to end its combat mission in Iraq was taken to ease the domestic pressure on the Iraqi prime minister, who is seeking common ground with the factions that oppose the American presence in Iraq.',
    'Washington’s decision will therefore not change the reality on the ground, as far as the continued presence of US forces, or its purpose, is concerned.',
    'US forces invaded Iraq in 2003 to remove Saddam Hussein from power and to eliminate weapons of mass destruction which, it became clear after the invasion, did not exist.',
    'Former US President George W. Bush promised that Iraq would enjoy “freedom and peace”, but the country has since sunk into bloody sectarian conflict.',
    'US combat forces left Iraq in 2011, but they came back, at the request of the Iraqi government, three years later, when the Islamic State group seized large parts of the country.',
    'After the military defeat the group suffered in Iraq at the end of 2017, US forces stayed in the country to help prevent any new takeover by the group.',
  ].join('\n\n'),
};
