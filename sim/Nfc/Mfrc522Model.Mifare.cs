using DualReader.Firmware.Iso14443;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// The MFRC522 model's MIFARE Classic support: the MFAuthent command (datasheet 10.3.1.9) run against the card on
    /// air with a real Crypto1 (<see cref="Crypto1"/>), Status2Reg MFCrypto1On (9.3.1.9), and while it is set the
    /// encryption of every frame sent and the decryption of every frame received, parity bits included.
    /// </summary>
    /// <remarks>
    /// MFAuthent takes 12 bytes from the FIFO (command code 60h/61h, block, 6 key bytes, 4 UID bytes), sends the AUTH
    /// frame with CRC_A, receives the card's nonce nT, loads the key and UID XOR nT, sends {nR}{aR} with a reader
    /// nonce from the model's generator and aR = suc^64(nT), receives {aT} and checks it against suc^96(nT) ("Dismantling
    /// MIFARE Classic" 3). Success sets MFCrypto1On and ends the command (IdleIRq). A card that does not answer leaves
    /// the command running: the timer (TAuto, started after each frame) raises TimerIRq and the host writes Idle, as
    /// 10.3.1.9 says. A malformed answer sets ProtocolErr and ErrIRq and clears MFCrypto1On; the command still waits
    /// for Idle (modelled: the datasheet does not say it ends). RxIRq and TxIRq stay clear during the command. When
    /// MFCrypto1On is already set, the AUTH frame goes out encrypted and nT comes back encrypted (nested
    /// authentication, as the crapto1 reader side handles it).
    /// </remarks>
    public sealed partial class Mfrc522Model
    {
        // Status2Reg MFCrypto1On (9.3.1.9); ErrorReg ParityErr (9.3.1.7).
        private const int MFCrypto1On = 0x08;
        private const int ParityErr = 0x02;

        // What MFAuthent takes from the FIFO (10.3.1.9).
        private const int AuthentBytes = 12;

        private readonly Crypto1 cipher = new Crypto1();
        private readonly byte[] authent = new byte[AuthentBytes];
        private int authentStep;
        private bool authentNested;
        private uint authentNonce;
        private uint readerNonce = 0x1F2E3D4C;

        /// <summary>True while Status2Reg MFCrypto1On is set: every frame on air is encrypted (9.3.1.9).</summary>
        public bool Crypto1On
        {
            get { return (registers[Status2Reg] & MFCrypto1On) != 0; }
        }

        /// <summary>MFAuthent commands that ended with MFCrypto1On (tests).</summary>
        public int Authentications { get; private set; }

        private void WriteStatus2(byte value)
        {
            // TempSensClear and I2CForceHS are plain bits; MFCrypto1On "can only be set to logic 1 by a successful
            // execution of the MFAuthent command" and is cleared by software (9.3.1.9).
            int crypto = registers[Status2Reg] & value & MFCrypto1On;
            registers[Status2Reg] = (byte)((value & 0xC0) | crypto);
            if (crypto == 0)
            {
                cipher.Clear();
            }
        }

        private void EncryptIfCrypto1On(AirFrame frame)
        {
            if (Crypto1On)
            {
                cipher.EncryptFrame(frame);
            }
        }

        // ParityErr when a decrypted parity bit does not fit its byte; without Crypto1 a frame whose parity was set
        // explicitly (a card still encrypting) is checked the same way against the plain parity.
        private int DecryptIfCrypto1On(AirFrame frame)
        {
            if (Crypto1On)
            {
                return cipher.DecryptFrame(frame) ? 0 : ParityErr;
            }

            if (frame.HasExplicitParity)
            {
                for (int i = 0; i < frame.BitCount / 8; i++)
                {
                    if (frame.GetParity(i) != AirFrame.OddParity(frame.Data[i]))
                    {
                        return ParityErr;
                    }
                }
            }

            return 0;
        }

        private void StartMfAuthent()
        {
            authentNested = Crypto1On;

            // "The Crypto1On bit is only valid after termination of the MFAuthent command" (10.3.1.9).
            registers[Status2Reg] = (byte)(registers[Status2Reg] & ~MFCrypto1On);
            authentStep = 0;
            if (fifoCount < AuthentBytes)
            {
                AuthentError();
                return;
            }

            for (int i = 0; i < AuthentBytes; i++)
            {
                authent[i] = PopFifo();
            }

            // AUTH frame: command code, block address, CRC_A (MF1S50 10.1); encrypted in a nested authentication.
            txFrame.Clear();
            txFrame.AppendByte(authent[0]);
            txFrame.AppendByte(authent[1]);
            int crcValue = CrcA.Update(CrcA.Update(0x6363, authent[0]), authent[1]);
            txFrame.AppendByte((byte)(crcValue & 0xFF));
            txFrame.AppendByte((byte)(crcValue >> 8));
            if (authentNested)
            {
                cipher.EncryptFrame(txFrame);
            }

            authentStep = 1;
            SendAuthentFrame();
        }

        private void SendAuthentFrame()
        {
            long now = clock.Now;
            if (RecordTrace)
            {
                trace.Add(new AirTraceEntry(now, true, txFrame));
            }

            phase = Phase.Transmitting;
            txAirMicroseconds = CyclesToMicroseconds((long)txFrame.AirBits * CyclesPerBit(TxRate()));
            txEndAt = now + txAirMicroseconds;
        }

        private void OnAuthentFrameSent(long now)
        {
            // Receiver and timer as for Transceive: TAuto starts the timer at the end of every frame sent (9.3.3.10).
            phase = Phase.WaitForData;
            ReceiverStartup();
            if ((registers[TModeReg] & 0x80) != 0)
            {
                StartTimer(now);
            }
        }

        private void OnAuthentFrameReceived()
        {
            phase = Phase.WaitForData;
            if (authentStep == 0)
            {
                return;
            }

            if (rxFrame.BitCount != 32 || rxCorrupted || rxCollision >= 0)
            {
                // ProtocolErr: "the number of bytes received in one data stream is incorrect" during MFAuthent (9.3.1.7).
                AuthentError();
                return;
            }

            byte[] data = rxFrame.Data;
            if (authentStep == 1)
            {
                // nT: plain (first authentication) or encrypted under the new key (nested, crapto1 crypto1_word with
                // is_encrypted: uid XOR {nT} fed back as uid XOR nT).
                cipher.SetKey(authent, 2);
                uint nonce = 0;
                bool parityOk = true;
                for (int i = 0; i < 4; i++)
                {
                    int received = data[i];
                    int plain = received;
                    if (authentNested)
                    {
                        plain = received ^ cipher.Byte(authent[8 + i] ^ received, true);
                        parityOk &= (rxFrame.GetParity(i) ^ cipher.Peek()) == AirFrame.OddParity(plain);
                    }
                    else
                    {
                        cipher.Byte(authent[8 + i] ^ plain, false);
                        parityOk &= rxFrame.GetParity(i) == AirFrame.OddParity(plain);
                    }

                    nonce = (nonce << 8) | (uint)plain;
                }

                if (!parityOk)
                {
                    AuthentError();
                    return;
                }

                authentNonce = nonce;

                // {nR}{aR}: the reader nonce is loaded into the cipher as it is encrypted; aR = suc^64(nT).
                readerNonce = Crypto1.PrngSuccessor(readerNonce ^ (uint)clock.Now, 32) + 0x9E3779B9;
                uint answer = Crypto1.PrngSuccessor(nonce, 64);
                txFrame.Clear();
                for (int i = 0; i < 8; i++)
                {
                    int plain = (int)((i < 4 ? readerNonce : answer) >> (24 - (8 * (i % 4)))) & 0xFF;
                    int keystream = cipher.Byte(i < 4 ? plain : 0, false);
                    txFrame.AppendByte((byte)(plain ^ keystream));
                    txFrame.SetParity(i, AirFrame.OddParity(plain) ^ cipher.Peek());
                }

                authentStep = 2;
                SendAuthentFrame();
                return;
            }

            // {aT} = suc^96(nT) XOR keystream.
            uint tagAnswer = 0;
            bool answerParityOk = true;
            for (int i = 0; i < 4; i++)
            {
                int plain = data[i] ^ cipher.Byte(0, false);
                answerParityOk &= (rxFrame.GetParity(i) ^ cipher.Peek()) == AirFrame.OddParity(plain);
                tagAnswer = (tagAnswer << 8) | (uint)plain;
            }

            if (!answerParityOk || tagAnswer != Crypto1.PrngSuccessor(authentNonce, 96))
            {
                AuthentError();
                return;
            }

            authentStep = 0;
            registers[Status2Reg] = (byte)(registers[Status2Reg] | MFCrypto1On);
            Authentications++;
            Finish();
        }

        private void AuthentError()
        {
            // "If an error occurs during authentication, the ErrorReg register's ProtocolErr bit is set to logic 1 and
            // the Status2Reg register's Crypto1On bit is set to logic 0" (10.3.1.9).
            authentStep = 0;
            cipher.Clear();
            registers[Status2Reg] = (byte)(registers[Status2Reg] & ~MFCrypto1On);
            registers[ErrorReg] = (byte)(registers[ErrorReg] | ProtocolErr);
            registers[ComIrqReg] = (byte)(registers[ComIrqReg] | ErrIRq);
        }
    }
}
