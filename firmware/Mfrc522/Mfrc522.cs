using System;
using DualReader.Firmware.Iso14443;
using DualReader.Hal;

namespace DualReader.Firmware.Mfrc522
{
    /// <summary>
    /// Driver of the NXP MFRC522 (datasheet rev 3.9) on SPI, with its reset (NRSTPD) and IRQ lines.
    /// </summary>
    /// <remarks>
    /// <para>Bus budget. Each SPI call is one chip-select frame and, on nanoFramework, one costly trip into the native
    /// driver, so the driver keeps shadows of the registers it configures (TxModeReg, RxModeReg, the timer, the active
    /// command) and writes them only when they change, and it reads all status registers plus the expected answer
    /// bytes in one multi-address read (datasheet 8.1.2.1). A steady-state exchange is four calls: clear ComIrqReg,
    /// write the FIFO, BitFramingReg with StartSend, one read of ComIrqReg/ErrorReg/FIFOLevelReg/ControlReg/CollReg
    /// (plus Status2Reg on the ISO-DEP path), the FIFO (plus the 2 CRC_A bytes at 106 kBd) and the two guard
    /// registers; Transceive stays active between exchanges (10.3.1.8: it repeats until another command is written).
    /// The guards and the CRC bytes cost 3 to 5 bytes of that read (about 1 µs each at 8 MHz), no call.</para>
    /// <para>IRQ. ComIEnReg enables RxIRq and TimerIRq with IRqInv set, so the line is active low and idles high;
    /// DivIEnReg sets IRQPushPull because the ESP32 input-only pins (GPIO 34..39) have no pull-up and an open-drain
    /// output (9.3.1.4) would float when inactive. Every exchange waits for the line with a timeout on the hal clock;
    /// the chip's own timer (TAuto, 9.3.3.10) ends the wait at the frame waiting time when nothing comes back.</para>
    /// <para>CRC. The chip appends CRC_A to every ISO-DEP frame (<see cref="IFrameTransceiver"/>, TxCRCEn, 9.3.2.3,
    /// preset 0x6363 from ModeReg) and checks it on reception (RxCRCEn). Optionally (<see cref="SoftwareCrcAt106"/>)
    /// answers at 106 kBd are received with RxCRCEn = 0, so the PICC's CRC_A stays in the FIFO (9.3.2.4: RxCRCEn
    /// enables the CRC calculation during reception; without it nothing is checked or removed), is read in the same
    /// SPI call as the data and checked with <see cref="CrcA"/>: a frame corrupted on air or on the SPI read is then a
    /// <see cref="TransceiveResult.CrcError"/>. Above 106 kBd RxCRCEn "can only be set to logic 0 at 106 kBd"
    /// (9.3.2.4), so the chip always checks the CRC there.
    /// The activation frames (<see cref="IBitFrameTransceiver"/>) go without chip CRC; SELECT and HLTA carry a
    /// CRC_A computed by <see cref="CrcA"/>, and RxModeReg is the same 00h as for ISO-DEP at 106 kBd.</para>
    /// <para>Bus glitches. A MISO line that reads 00h or FFh for a while, with writes lost, must not turn into an
    /// answer with wrong bytes. Every ISO-DEP read (at any rate) is guarded at no extra SPI call: the status read
    /// includes Status2Reg, whose ModemState must show the Transceive state machine back at "wait for StartSend"
    /// when RxIRq claims a reception (9.3.1.9), and every call that reads FIFO data ends with FIFOLevelReg, which
    /// must show exactly the bytes still unread (8.3.1), and ModeReg, whose documented bits must read back 29h
    /// (9.3.2.2), which a stuck line cannot produce. A failed guard is a <see cref="TransceiveResult.ChipError"/>.
    /// After any error the next exchange first stops the command and flushes the FIFO (10.3.1.1, 9.3.1.11) and
    /// reads back CommandReg, FIFOLevelReg and the configured registers in one call; it sends nothing until they
    /// are as written, so no stale FIFO byte goes out in front of a frame. What stays uncaught: a glitch that begins
    /// and ends inside one FIFO read call while the chip checks the CRC (the default; the software CRC catches it at
    /// 106 kBd), and random noise that happens to reproduce the guards (about 2^-12 to 2^-14 per noisy call:
    /// FIFOLevelReg and the five defined ModeReg bits, plus ModemState on the first read).</para>
    /// </remarks>
    public sealed partial class Mfrc522 : IFrameTransceiver, IBitFrameTransceiver
    {
        /// <summary>The FIFO size (datasheet 8.3.1).</summary>
        public const int FifoSize = 64;

        /// <summary>Default frame waiting time of the activation frames. A PICC answers REQA, ANTICOLLISION and SELECT
        /// after the fixed frame delay time of ISO/IEC 14443-3 6.2.1.1 (1236/fc, about 91 µs); the timer stops at
        /// the first received bits (TAuto), so this only bounds how long an empty field is listened to.</summary>
        public const int DefaultActivationTimeoutMicroseconds = 1000;

        /// <summary>How long the chip may take to come out of reset: oscillator start-up plus 37.74 µs (8.8.2);
        /// crystals on common boards start well within this.</summary>
        public const int StartupTimeoutMicroseconds = 50000;

        /// <summary>Time allowed for the crystal to start after NRSTPD rises before the chip is read (8.8.2). Typical
        /// 27.12 MHz crystals start within about 1 ms; the margin costs only start-up time.</summary>
        public const int OscillatorStartupMicroseconds = 5000;

        /// <summary>Unmodulated field before the first REQA, so PICCs can power up (ISO/IEC 14443-3 5 / 6.2:
        /// a PCD polls after at least 5 ms of field).</summary>
        public const int FieldSettleMicroseconds = 5000;

        /// <summary>Default FIFO bytes read together with the status registers after an ISO-DEP exchange.</summary>
        public const int DefaultSpeculativeReadLength = 16;

        // Interval between two reads of CommandReg while the chip comes out of reset (no IRQ exists for it).
        private const int PowerDownPollMicroseconds = 100;

        // Carrier cycles of one 106 kbit/s bit (ISO/IEC 14443-2 8.1: fc/128); higher rates halve it per step.
        private const int CyclesPerBitAt106 = 128;

        // Slack added to the host-side wait on top of the modelled worst case (a chip fault, not a card's).
        private const int IrqMarginMicroseconds = 2000;

        // Status registers read after every exchange, in this order, then the FIFO (datasheet 8.1.2.1).
        private const int StatusCount = 5;

        // ModeReg as written at start-up: TxWaitRF and PolMFin as at reset, CRCPreset 01b = 6363h (9.3.2.2), and the
        // mask of its documented bits (7 MSBFirst, 5 TxWaitRF, 3 PolMFin, 1..0 CRCPreset; 6, 4, 2 are reserved).
        // Read back at the end of every guarded FIFO read: 29h in those bits is neither 00h nor FFh.
        private const byte ModeValue = 0x3D;
        private const byte ModeDefinedBits = 0xAB;

        private readonly ISpiDevice spi;
        private readonly IOutputPin reset;
        private readonly IInputPin irq;
        private readonly IClock clock;

        // One buffer each way, sized for an address byte, the status registers with Status2Reg, the whole FIFO,
        // the two guard registers and the closing byte.
        private readonly byte[] mosi = new byte[1 + StatusCount + 1 + FifoSize + 2 + 1];

        // FIFODataReg's read address (8.1.2.3: address << 1, MSB set for a read), once per FIFO byte.
        private static readonly byte[] FifoReadAddresses = FifoReadAddressList();
        private readonly byte[] miso = new byte[1 + StatusCount + 1 + FifoSize + 2 + 1];

        // The received frame as read from the FIFO (with its CRC_A when checked in software).
        private readonly byte[] frame = new byte[FifoSize];

        private byte txModeShadow;
        private byte rxModeShadow;
        private byte modulationWidthShadow;
        private int timerPrescalerShadow = -1;
        private int timerReloadShadow = -1;
        private int timerTimeoutShadow = -1;
        private bool transceiveActive;

        // False when TxModeReg, RxModeReg and ModWidthReg may not hold their shadows (a write lost to a bus glitch):
        // the next exchange writes them.
        private bool modesKnown;
        private bool softwareCrcAt106;

        // True after an exchange ended in a framing error (CRC, parity, protocol): the chip may still be receiving
        // and its FIFO may hold bytes (or the status read itself was garbled), so the next exchange first stops the
        // command and empties the FIFO. Only errors pay for it.
        private bool restartBeforeNextExchange;
        private bool antennaOn;
        private byte version;
        private ChipVariant variant;
        private BitRate pcdToPiccRate = BitRate.Kbps106;
        private BitRate piccToPcdRate = BitRate.Kbps106;
        private int activationTimeoutMicroseconds = DefaultActivationTimeoutMicroseconds;
        private int speculativeReadLength = DefaultSpeculativeReadLength;

        /// <summary>Connects the driver; <paramref name="reset"/> may be null when NRSTPD is tied high.</summary>
        public Mfrc522(ISpiDevice spi, IOutputPin reset, IInputPin irq, IClock clock)
        {
            if (spi == null)
            {
                throw new ArgumentNullException("spi");
            }

            if (irq == null)
            {
                throw new ArgumentNullException("irq");
            }

            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            this.spi = spi;
            this.reset = reset;
            this.irq = irq;
            this.clock = clock;
        }

        /// <summary>VersionReg as read at start-up.</summary>
        public byte Version
        {
            get { return version; }
        }

        /// <summary>Which chip VersionReg names.</summary>
        public ChipVariant Variant
        {
            get { return variant; }
        }

        /// <summary>True for the register-compatible clones (VersionReg 0x88, 0x12).</summary>
        public bool IsClone
        {
            get { return variant == ChipVariant.Fm17522Clone || variant == ChipVariant.Clone12; }
        }

        /// <summary>True while the antenna drivers send the carrier.</summary>
        public bool IsAntennaOn
        {
            get { return antennaOn; }
        }

        /// <summary>Frame waiting time of the activation frames (µs); see <see cref="DefaultActivationTimeoutMicroseconds"/>.</summary>
        public int ActivationTimeoutMicroseconds
        {
            get { return activationTimeoutMicroseconds; }
            set
            {
                if (value < 25 || value > 1000000)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                activationTimeoutMicroseconds = value;
            }
        }

        /// <summary>
        /// FIFO bytes read in the same SPI call as the status registers after an ISO-DEP exchange (0..64). Short
        /// answers (ATS, R-blocks, short I-blocks) then cost no second call; longer ones get one more call for the
        /// rest. 16 bytes at 8 MHz cost 16 µs, a second call about 40 µs on nanoFramework.
        /// </summary>
        public int SpeculativeReadLength
        {
            get { return speculativeReadLength; }
            set
            {
                if (value < 0 || value > FifoSize)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                speculativeReadLength = value;
            }
        }

        /// <summary>
        /// False (default): the chip checks CRC_A (RxCRCEn = 1) at every rate, and the guards of the FIFO read protect
        /// the data on the SPI bus (a glitch that begins and ends among the data bytes of one read goes unseen: about
        /// 0.1 to 0.3 % of such glitches in the fault test). This follows the nanoFramework guidance to let the chip compute
        /// CRCs and keep per-byte C# loops off the hot path: a C# CRC-16 loop costs about 7,700 interpreter instructions
        /// a byte on the nanoCLR v1 interpreter (7.85 million over 1 KiB, counted with callgrind), roughly 30 µs on a 240 MHz ESP32, about 25 ms for
        /// the 854 bytes an Apple Pay read receives at 106 kbit/s, which the cost model does not count.
        /// True: at 106 kBd the answers of <see cref="Transceive"/> are received with RxCRCEn = 0 and their CRC_A is
        /// checked in software over the bytes read from the FIFO (same SPI call), so a glitch on the SPI read is caught
        /// end to end like one on air; for boards with long or noisy SPI wiring. Above 106 kBd the chip must check the
        /// CRC itself (9.3.2.4).
        /// </summary>
        public bool SoftwareCrcAt106
        {
            get { return softwareCrcAt106; }
            set { softwareCrcAt106 = value; }
        }

        /// <inheritdoc />
        /// <remarks>The 64-byte FIFO holds a whole frame plus its 2 CRC_A bytes, which stay in the FIFO when the CRC is
        /// checked in software (RxCRCEn = 0, 9.3.2.4), and possibly also when the chip checks it.</remarks>
        public int MaximumFrameLength
        {
            get { return FifoSize - 2; }
        }

        /// <summary>
        /// Resets the chip (NRSTPD, then SoftReset), checks VersionReg and configures it for ISO/IEC 14443A at
        /// 106 kbit/s. The antenna stays off (<see cref="TurnAntennaOn"/>).
        /// </summary>
        /// <exception cref="Mfrc522Exception">No chip answers, or VersionReg names no MFRC522 or known clone.</exception>
        public void Initialize()
        {
            transceiveActive = false;
            antennaOn = false;
            timerPrescalerShadow = -1;
            timerReloadShadow = -1;
            if (reset != null)
            {
                // Hard power-down while NRSTPD is low; the rising edge starts the internal reset (8.8.1, 8.8.2).
                reset.Write(false);
                clock.Delay(1);
                reset.Write(true);

                // Until the crystal oscillates nothing on SPI can be trusted, not even PowerDown (8.8.2: start-up is
                // the crystal's start-up time plus 37.74 µs). Only then is CommandReg polled.
                clock.Delay(OscillatorStartupMicroseconds);
                if (!WaitForPowerUp())
                {
                    throw NotFound(ReadRegister(Register.VersionReg), "did not leave reset (CommandReg PowerDown stayed 1)");
                }
            }

            // SoftReset puts every register to its reset value (10.3.1.10); PowerDown reads 1 until it is done.
            WriteRegister(Register.CommandReg, (byte)Command.SoftReset);
            if (!WaitForPowerUp())
            {
                throw NotFound(ReadRegister(Register.VersionReg), "did not finish SoftReset (CommandReg PowerDown stayed 1)");
            }

            version = ReadRegister(Register.VersionReg);
            variant = Classify(version);
            if (variant == ChipVariant.Unknown)
            {
                throw NotFound(version, "is not an MFRC522 or a known clone");
            }

            // 100 % ASK as ISO/IEC 14443-2 type A requires (TxASKReg Force100ASK, 9.3.2.6).
            WriteRegister(Register.TxASKReg, 0x40);

            // ModeReg: TxWaitRF and PolMFin as at reset, CRCPreset 01b = 0x6363, the CRC_A preset (9.3.2.2).
            WriteRegister(Register.ModeReg, ModeValue);

            // 106 kbit/s both ways, no chip CRC (reset values, written so the shadows are known to be right).
            txModeShadow = 0;
            rxModeShadow = 0;
            WriteRegister(Register.TxModeReg, 0);
            WriteRegister(Register.RxModeReg, 0);
            modulationWidthShadow = ModulationWidth(BitRate.Kbps106);
            WriteRegister(Register.ModWidthReg, modulationWidthShadow);
            modesKnown = true;
            restartBeforeNextExchange = false;
            pcdToPiccRate = BitRate.Kbps106;
            piccToPcdRate = BitRate.Kbps106;

            // ValuesAfterColl = 0: bits after a collision are cleared (9.3.1.15), so what is read past it is 0.
            WriteRegister(Register.CollReg, 0x00);

            // IRQ active low (IRqInv), push-pull, on RxIRq and TimerIRq only (9.3.1.3, 9.3.1.4).
            WriteRegister(Register.ComIEnReg, (byte)(ComInterrupts.Set1OrIrqInvert | ComInterrupts.Rx | ComInterrupts.Timer));
            WriteRegister(Register.DivIEnReg, (byte)DivInterrupts.Set2OrIrqPushPull);
            WriteRegister(Register.ComIrqReg, (byte)ComInterrupts.All);
            ProgramTimer(activationTimeoutMicroseconds);
        }

        /// <summary>Switches the carrier on (TxControlReg Tx1RFEn/Tx2RFEn, 9.3.2.5) and lets PICCs power up.</summary>
        public void TurnAntennaOn()
        {
            WriteRegister(Register.TxControlReg, (byte)(TxControl.InvTx2RFOn | TxControl.Tx1RFEn | TxControl.Tx2RFEn));
            antennaOn = true;
            clock.Delay(FieldSettleMicroseconds);
        }

        /// <summary>Switches the carrier off: every PICC loses power and returns to its power-off state.</summary>
        public void TurnAntennaOff()
        {
            WriteRegister(Register.TxControlReg, (byte)TxControl.InvTx2RFOn);
            antennaOn = false;
        }

        /// <summary>Stops any command (Idle, 10.3.1.1).</summary>
        public void Idle()
        {
            WriteRegister(Register.CommandReg, (byte)Command.Idle);
            transceiveActive = false;
        }

        /// <inheritdoc />
        public bool SupportsBitRate(BitRate rate)
        {
            // TxSpeed/RxSpeed 000..011 = 106..848 kBd (9.3.2.3, 9.3.2.4).
            return rate == BitRate.Kbps106 || rate == BitRate.Kbps212 || rate == BitRate.Kbps424 || rate == BitRate.Kbps848;
        }

        /// <inheritdoc />
        public void SetBitRates(BitRate pcdToPicc, BitRate piccToPcd)
        {
            if (!SupportsBitRate(pcdToPicc) || !SupportsBitRate(piccToPcd))
            {
                throw new ArgumentOutOfRangeException("pcdToPicc");
            }

            // Programmed with the next ISO-DEP exchange (TxModeReg/RxModeReg/ModWidthReg only change when needed).
            pcdToPiccRate = pcdToPicc;
            piccToPcdRate = piccToPcd;
        }

        /// <summary>Reads one register (one SPI call of 2 bytes, datasheet 8.1.2.1).</summary>
        public byte ReadRegister(Register register)
        {
            mosi[0] = (byte)(0x80 | ((int)register << 1));
            mosi[1] = 0;
            spi.TransferFullDuplex(mosi, 0, miso, 0, 2);
            return miso[1];
        }

        /// <summary>Writes one register (one SPI call of 2 bytes, datasheet 8.1.2.2).</summary>
        public void WriteRegister(Register register, byte value)
        {
            mosi[0] = (byte)((int)register << 1);
            mosi[1] = value;
            spi.Write(mosi, 0, 2);
        }

        /// <inheritdoc />
        public TransceiveResult Transceive(byte[] txBuffer, int txOffset, int txCount, byte[] rxBuffer, int rxOffset, int rxCapacity, int timeoutMicroseconds, out int receivedCount)
        {
            CheckBuffers(txBuffer, txOffset, txCount, rxBuffer, rxOffset, rxCapacity);
            if (txCount < 1 || txCount > MaximumFrameLength)
            {
                throw new ArgumentOutOfRangeException("txCount");
            }

            // The chip appends CRC_A (TxCRCEn, 9.3.2.3). At 106 kBd the answer's CRC_A is checked in software
            // (RxCRCEn = 0: the CRC bytes stay in the FIFO, 9.3.2.4) unless switched off; above 106 kBd RxCRCEn
            // "can only be set to logic 0 at 106 kBd" (9.3.2.4), so the chip checks it and the guards of the
            // FIFO read are the protection (see the class remarks).
            bool softwareCrc = softwareCrcAt106 && piccToPcdRate == BitRate.Kbps106;
            byte txMode = (byte)(ModeBits.CrcEnable | (ModeBits)((int)pcdToPiccRate << 4));
            byte rxMode = (byte)((softwareCrc ? ModeBits.None : ModeBits.CrcEnable) | (ModeBits)((int)piccToPcdRate << 4));
            int lastBits;
            int collisionPosition;
            return Exchange(txMode, rxMode, txBuffer, txOffset, txCount, 0, 0, rxBuffer, rxOffset, rxCapacity, speculativeReadLength, timeoutMicroseconds, true, softwareCrc, out receivedCount, out lastBits, out collisionPosition);
        }

        /// <inheritdoc />
        public TransceiveResult TransceiveBits(byte[] txBuffer, int txOffset, int txBitCount, byte[] rxBuffer, int rxOffset, int rxCapacity, int rxAlign, int expectedRxBytes, int timeoutMicroseconds, out int receivedBitCount, out int collisionBitIndex)
        {
            int txCount = (txBitCount + 7) / 8;
            CheckBuffers(txBuffer, txOffset, txCount, rxBuffer, rxOffset, rxCapacity);
            if (txBitCount < 1 || txCount > FifoSize)
            {
                throw new ArgumentOutOfRangeException("txBitCount");
            }

            if (rxAlign < 0 || rxAlign > 7)
            {
                throw new ArgumentOutOfRangeException("rxAlign");
            }

            if (timeoutMicroseconds <= 0)
            {
                timeoutMicroseconds = activationTimeoutMicroseconds;
            }

            // Activation runs at 106 kbit/s without chip CRC (ISO/IEC 14443-3 6.2.3: anticollision frames carry none).
            // A new activation also ends any ISO-DEP session, whose bit rates start again at 106 kbit/s
            // (ISO/IEC 14443-4 5.3: only a PPS after RATS changes them).
            pcdToPiccRate = BitRate.Kbps106;
            piccToPcdRate = BitRate.Kbps106;
            int receivedCount;
            int lastBits;
            int collisionPosition;
            TransceiveResult result = Exchange(0, 0, txBuffer, txOffset, txCount, txBitCount % 8, rxAlign, rxBuffer, rxOffset, rxCapacity, expectedRxBytes, timeoutMicroseconds, false, false, out receivedCount, out lastBits, out collisionPosition);
            receivedBitCount = receivedCount == 0 ? 0 : ((receivedCount - 1) * 8) + (lastBits == 0 ? 8 : lastBits) - rxAlign;
            if (receivedBitCount < 0)
            {
                receivedBitCount = 0;
            }

            // CollPos counts from bit 0 of the first FIFO byte, RxAlign included, 1-based with 0 = 32nd bit
            // (9.3.1.15; RxAlign inclusion as documented for the same collision logic in MFRC631 9.6.4).
            collisionBitIndex = collisionPosition < 0 ? -1 : collisionPosition - 1 - rxAlign;
            if (collisionBitIndex < -1)
            {
                collisionBitIndex = -1;
            }

            return result;
        }

        private TransceiveResult Exchange(byte txMode, byte rxMode, byte[] txBuffer, int txOffset, int txCount, int txLastBits, int rxAlign, byte[] rxBuffer, int rxOffset, int rxCapacity, int expectedRxBytes, int timeoutMicroseconds, bool guarded, bool softwareCrc, out int receivedCount, out int rxLastBits, out int collisionPosition)
        {
            receivedCount = 0;
            rxLastBits = 0;
            collisionPosition = -1;
            if (timeoutMicroseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("timeoutMicroseconds");
            }

            // The SPI buffers in locals: each field read costs the interpreter about 400 instructions (bench/routines.sh).
            byte[] mosi = this.mosi;
            byte[] miso = this.miso;

            BitRate rxRate = (BitRate)((rxMode >> 4) & 0x03);
            BitRate txRate = (BitRate)((txMode >> 4) & 0x03);
            bool known = modesKnown;
            if (!known || txMode != txModeShadow)
            {
                WriteRegister(Register.TxModeReg, txMode);
                txModeShadow = txMode;
            }

            if (!known || rxMode != rxModeShadow)
            {
                WriteRegister(Register.RxModeReg, rxMode);
                rxModeShadow = rxMode;
            }

            byte modulationWidth = ModulationWidth(txRate);
            if (!known || modulationWidth != modulationWidthShadow)
            {
                // The modulation pulse narrows with the bit duration (ModWidthReg, 9.3.3.4).
                WriteRegister(Register.ModWidthReg, modulationWidth);
                modulationWidthShadow = modulationWidth;
            }

            modesKnown = true;
            ProgramTimer(timeoutMicroseconds);
            if (restartBeforeNextExchange)
            {
                Abort();
                if (!ChipStateIsClean())
                {
                    // The flush or a configuration write did not arrive, or the read back is not the chip talking:
                    // the bus still glitches. Nothing is sent (stale FIFO bytes would go out in front of the frame);
                    // the next exchange writes every register again and checks once more.
                    modesKnown = false;
                    timerPrescalerShadow = -1;
                    timerReloadShadow = -1;
                    return TransceiveResult.ChipError;
                }

                restartBeforeNextExchange = false;
            }

            // Clear every request bit: Set1 = 0 clears the marked bits (9.3.1.5); IRQ goes inactive (high).
            WriteRegister(Register.ComIrqReg, (byte)ComInterrupts.All);

            // The frame into the FIFO in one burst write (8.1.2.2: all bytes go to the one address).
            mosi[0] = (byte)((int)Register.FIFODataReg << 1);
            Array.Copy(txBuffer, txOffset, mosi, 1, txCount);
            spi.Write(mosi, 0, txCount + 1);

            if (!transceiveActive)
            {
                WriteRegister(Register.CommandReg, (byte)Command.Transceive);
                transceiveActive = true;
            }

            // TxLastBits, RxAlign and StartSend in one write (9.3.1.14).
            WriteRegister(Register.BitFramingReg, (byte)(0x80 | (rxAlign << 4) | txLastBits));

            int waitMicroseconds = AirMicroseconds((txCount * 9) + 2, txRate) + timeoutMicroseconds + AirMicroseconds((FifoSize * 9) + 2, rxRate) + IrqMarginMicroseconds;
            if (!irq.WaitForLevel(false, waitMicroseconds))
            {
                // Neither RxIRq nor TimerIRq: the chip did not run the command. Stop it now, and check before the
                // next exchange that the stop arrived (a glitch that ate the command may eat the stop too).
                Abort();
                restartBeforeNextExchange = true;
                return TransceiveResult.ChipError;
            }

            // With the software CRC the FIFO holds the frame plus its 2 CRC_A bytes (RxCRCEn = 0, 9.3.2.4).
            int crcBytes = softwareCrc ? 2 : 0;
            int speculative = expectedRxBytes + crcBytes;
            if (speculative > rxCapacity + crcBytes)
            {
                speculative = rxCapacity + crcBytes;
            }

            if (speculative > FifoSize)
            {
                speculative = FifoSize;
            }

            // One multi-address read (8.1.2.1): status registers, then the expected number of FIFO bytes. Extra
            // reads of an empty FIFO return don't-care bytes and are ignored thanks to FIFOLevelReg read before them.
            // Guarded (ISO-DEP) reads add Status2Reg to the status and end with FIFOLevelReg and ModeReg: see
            // FifoReadIsIntact.
            int statusCount = guarded ? StatusCount + 1 : StatusCount;
            int n = 0;
            mosi[n++] = (byte)(0x80 | ((int)Register.ComIrqReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.ErrorReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.FIFOLevelReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.ControlReg << 1));
            mosi[n++] = (byte)(0x80 | ((int)Register.CollReg << 1));
            if (guarded)
            {
                mosi[n++] = (byte)(0x80 | ((int)Register.Status2Reg << 1));
            }

            // The FIFODataReg read addresses come from a prefilled array (one native copy, not a C# loop per byte).
            Array.Copy(FifoReadAddresses, 0, mosi, n, speculative);
            n += speculative;

            if (guarded)
            {
                mosi[n++] = (byte)(0x80 | ((int)Register.FIFOLevelReg << 1));
                mosi[n++] = (byte)(0x80 | ((int)Register.ModeReg << 1));
            }

            mosi[n++] = 0;
            spi.TransferFullDuplex(mosi, 0, miso, 0, n);
            ComInterrupts requests = (ComInterrupts)miso[1];
            Errors errors = (Errors)miso[2];
            int level = miso[3] & 0x7F;
            rxLastBits = miso[4] & 0x07;
            byte coll = miso[5];

            if ((requests & ComInterrupts.Tx) == 0 || level > FifoSize)
            {
                // The IRQ line fell, so the frame went out (TxIRq is set at its end, 9.3.1.5) and the FIFO holds at
                // most 64 bytes (8.3.1): a status like this is not the chip talking (a glitch on the bus). Stop the
                // command and empty the FIFO now, and check that it worked before the next exchange.
                Abort();
                restartBeforeNextExchange = true;
                return TransceiveResult.ChipError;
            }

            int already = speculative < level ? speculative : level;
            bool frameReceived = (requests & ComInterrupts.Rx) != 0;
            if (guarded)
            {
                ModemState modem = (ModemState)(miso[6] & (byte)ModemState.Mask);
                bool stateFits = !frameReceived || modem == ModemState.WaitForStartSend || modem == ModemState.Idle;
                int tail = 1 + statusCount + speculative;

                // Without RxIRq (TimerIRq: nothing within the frame waiting time) Transceive still listens, so an
                // answer that starts late may be entering the FIFO during this very read: its level proves nothing
                // then, and only ModeReg is checked (the late answer is dropped as NoResponse below).
                bool intact = frameReceived ? FifoReadIsIntact(miso, tail, level - already) : ModeReadsBack(miso[tail + 1]);
                if (!stateFits || !intact)
                {
                    // A reception is claimed while the state machine still sends or receives (a ComIrqReg clear that
                    // did not arrive leaves the last exchange's RxIRq set, 9.3.1.9), or the read's tail is not the
                    // chip talking: nothing read in this call can be trusted.
                    restartBeforeNextExchange = true;
                    return TransceiveResult.ChipError;
                }
            }

            if (!frameReceived)
            {
                // TimerIRq: nothing within the frame waiting time. Transceive still listens: stop it. In ISO-DEP a
                // selected PICC that stays mute is already an error; the next exchange checks the chip first, which
                // also finds a lost TxModeReg/RxModeReg write (a PICC answering at a rate the chip does not
                // receive would otherwise look mute for ever). Activation polls do not pay for this.
                Idle();
                if (level > 0)
                {
                    Flush();
                }

                restartBeforeNextExchange = guarded || level > 0;
                return TransceiveResult.NoResponse;
            }

            if ((errors & Errors.BufferOvfl) != 0 || level > rxCapacity + crcBytes)
            {
                Flush();
                restartBeforeNextExchange = true;
                return TransceiveResult.BufferOverflow;
            }

            // The frame is staged in its own buffer: with the software CRC it is 2 bytes longer than what the caller
            // gets, and a frame that fails a check is handed up as received (the trace shows it as on air).
            Array.Copy(miso, 1 + statusCount, frame, 0, already);
            if (level > already && !ReadFifo(frame, already, level - already, guarded))
            {
                restartBeforeNextExchange = true;
                return TransceiveResult.ChipError;
            }

            int raw = level < rxCapacity ? level : rxCapacity;
            if ((errors & Errors.CollErr) != 0)
            {
                receivedCount = Deliver(rxBuffer, rxOffset, raw);
                if ((coll & (byte)Collision.CollPosNotValid) == 0)
                {
                    int position = coll & (byte)Collision.CollPosMask;
                    collisionPosition = position == 0 ? 32 : position;
                }

                return TransceiveResult.Collision;
            }

            TransceiveResult outcome = TransceiveResult.Ok;
            if ((errors & Errors.ProtocolErr) != 0)
            {
                outcome = TransceiveResult.ProtocolError;
            }
            else if ((errors & Errors.ParityErr) != 0)
            {
                outcome = TransceiveResult.ParityError;
            }
            else if ((errors & Errors.CRCErr) != 0)
            {
                outcome = TransceiveResult.CrcError;
            }
            else if (softwareCrc && (level < 2 || rxLastBits != 0 || !CrcA.Check(frame, 0, level)))
            {
                // End-to-end check: the CRC_A the PICC sent, read through the same SPI bursts as the data. A glitch
                // that turns bytes into 00h/FFh keeps it valid with probability about 2^-16. A frame of less than
                // 2 whole bytes cannot carry one (ISO/IEC 14443-3 6.2.4): what the chip's RxCRCEn check reports too.
                outcome = TransceiveResult.CrcError;
            }
            else if ((txMode & (byte)ModeBits.CrcEnable) != 0 && (level == 0 || rxLastBits != 0))
            {
                // A standard frame has whole bytes (ISO/IEC 14443-3 6.2.3.2); anything else is a framing error.
                outcome = TransceiveResult.ProtocolError;
            }

            if (outcome != TransceiveResult.Ok)
            {
                restartBeforeNextExchange = true;
                receivedCount = Deliver(rxBuffer, rxOffset, raw);
                return outcome;
            }

            receivedCount = Deliver(rxBuffer, rxOffset, level - crcBytes);
            return TransceiveResult.Ok;
        }
    }
}
