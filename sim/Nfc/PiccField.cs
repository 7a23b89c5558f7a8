using System;
using System.Collections;
using DualReader.Firmware.Iso14443;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// Fault injection: sees every superposed answer before the reader does and may change its bits
    /// (<see cref="AirFrame"/>) to model a hostile or garbled PICC. Returns the number of answering PICCs to
    /// report (0: the answer is lost on air; more than 0 when the filter makes a mute field answer).
    /// </summary>
    public delegate int PiccAnswerFilter(AirFrame request, AirFrame answer, int answers);

    /// <summary>
    /// The 13.56 MHz field in front of the reader antenna and the virtual PICCs in it. It hands every PCD frame to
    /// every powered PICC and superposes their answers bit by bit: where answering PICCs differ, the Manchester
    /// coded subcarrier carries both halves and the reader sees a collision (ISO/IEC 14443-3 6.2.3 and 6.5.2).
    /// </summary>
    public sealed class PiccField
    {

        private readonly ArrayList piccs = new ArrayList();
        private readonly AirFrame single = new AirFrame();
        private bool carrierOn;

        /// <summary>Adds a PICC (it powers up when present and the carrier is on).</summary>
        public void Add(VirtualPicc picc)
        {
            if (picc == null)
            {
                throw new ArgumentNullException("picc");
            }

            piccs.Add(picc);
        }

        /// <summary>The PICCs, in the order added.</summary>
        public ArrayList Piccs
        {
            get { return piccs; }
        }

        /// <summary>True when an answer of the last <see cref="Exchange"/> was damaged on air
        /// (<see cref="VirtualPicc.CorruptNextAnswers"/>).</summary>
        public bool LastAnswerCorrupted { get; private set; }

        /// <summary>Optional fault injection on every answer (see <see cref="PiccAnswerFilter"/>); null: none.</summary>
        public PiccAnswerFilter Filter { get; set; }

        /// <summary>True while the reader sends the carrier.</summary>
        public bool CarrierOn
        {
            get { return carrierOn; }
        }

        /// <summary>Switches the carrier: off powers every PICC down.</summary>
        public void SetCarrier(bool on, long nowMicroseconds)
        {
            carrierOn = on;
            Update(nowMicroseconds);
        }

        /// <summary>Brings presence and power of every PICC up to <paramref name="nowMicroseconds"/>.</summary>
        public void Update(long nowMicroseconds)
        {
            for (int i = 0; i < piccs.Count; i++)
            {
                VirtualPicc picc = (VirtualPicc)piccs[i];
                picc.SetPowered(carrierOn && picc.IsPresentAt(nowMicroseconds));
            }
        }

        /// <summary>
        /// Delivers <paramref name="request"/> at <paramref name="nowMicroseconds"/> and superposes the answers.
        /// </summary>
        /// <param name="merged">The bits the reader sees (OR of the answers where they collide).</param>
        /// <param name="firstCollision">Index of the first data bit where answers differ, or -1.</param>
        /// <param name="answerRate">Bit rate of the answer.</param>
        /// <param name="processingMicroseconds">Largest extra processing time of the answering PICCs.</param>
        /// <returns>Number of PICCs that answered.</returns>
        public int Exchange(AirFrame request, BitRate rate, long nowMicroseconds, AirFrame merged, out int firstCollision, out BitRate answerRate, out int processingMicroseconds)
        {
            Update(nowMicroseconds);
            merged.Clear();
            firstCollision = -1;
            answerRate = BitRate.Kbps106;
            processingMicroseconds = 0;
            LastAnswerCorrupted = false;
            int answers = 0;
            for (int i = 0; i < piccs.Count; i++)
            {
                VirtualPicc picc = (VirtualPicc)piccs[i];
                BitRate rateOfThis;
                int processing;
                if (!picc.Handle(request, rate, single, out rateOfThis, out processing))
                {
                    continue;
                }

                if (answers == 0)
                {
                    merged.CopyFrom(single);
                    answerRate = rateOfThis;
                }
                else
                {
                    int common = single.BitCount < merged.BitCount ? single.BitCount : merged.BitCount;
                    for (int bit = 0; bit < common; bit++)
                    {
                        int a = merged.GetBit(bit);
                        int b = single.GetBit(bit);
                        if (a != b)
                        {
                            if (firstCollision < 0 || bit < firstCollision)
                            {
                                firstCollision = bit;
                            }

                            merged.SetBit(bit, 1);
                        }
                    }

                    for (int bit = merged.BitCount; bit < single.BitCount; bit++)
                    {
                        merged.AppendBit(single.GetBit(bit));
                    }
                }

                if (picc.TakeCorruption())
                {
                    LastAnswerCorrupted = true;
                }

                if (processing > processingMicroseconds)
                {
                    processingMicroseconds = processing;
                }

                answers++;
            }

            PiccAnswerFilter filter = Filter;
            if (filter != null && carrierOn)
            {
                answers = filter(request, merged, answers);
                if (answers <= 0)
                {
                    merged.Clear();
                    answers = 0;
                }
            }

            return answers;
        }
    }
}
