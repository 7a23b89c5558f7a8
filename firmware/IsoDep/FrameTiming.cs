namespace DualReader.Firmware.IsoDep
{
    /// <summary>ISO/IEC 14443-4 waiting times in microseconds (fc = 13.56 MHz).</summary>
    public static class FrameTiming
    {
        /// <summary>Carrier frequency fc (ISO/IEC 14443-2, 6.1).</summary>
        public const long CarrierHertz = 13560000;

        /// <summary>Largest FWI (7.2: FWI 0..14).</summary>
        public const int MaximumFrameWaitingIndex = 14;

        /// <summary>ΔFWT = 49152/fc ≈ 3.6 ms, the margin the PCD adds to FWT (ISO/IEC 14443-4:2016, 7.2;
        /// EMV Contactless Book D, A.2, uses the same value).</summary>
        public static int DeltaFrameWaitingMicroseconds
        {
            get { return CyclesToMicroseconds(49152); }
        }

        /// <summary>FWT during activation (RATS, PPS): 65536/fc plus ΔFWT (ISO/IEC 14443-4:2016, 5.7 FWT_ACTIVATION = 71680/fc).</summary>
        public static int ActivationWaitingMicroseconds
        {
            get { return CyclesToMicroseconds(71680); }
        }

        /// <summary>FWT_DEACTIVATION = 71680/fc ≈ 5.3 ms, margin included: how long a PCD waits for the answer to
        /// S(DESELECT), whatever the FWI (NFC Forum Digital Protocol 1.0, A.9; 2.2, B.10; phones are NFC Forum devices).
        /// Waiting FWT instead would let a card announcing FWI 14 hold the reader for three FWTmax waits (≈ 14.9 s)
        /// at the end of every session.</summary>
        public static int DeactivationWaitingMicroseconds
        {
            get { return CyclesToMicroseconds(71680); }
        }

        /// <summary>FWT = (256 × 16 / fc) × 2^FWI (7.2); FWI above 14 is treated as 14.</summary>
        public static int FrameWaitingMicroseconds(int frameWaitingIndex)
        {
            if (frameWaitingIndex < 0)
            {
                frameWaitingIndex = 0;
            }

            if (frameWaitingIndex > MaximumFrameWaitingIndex)
            {
                frameWaitingIndex = MaximumFrameWaitingIndex;
            }

            return CyclesToMicroseconds(4096L << frameWaitingIndex);
        }

        /// <summary>FWTmax = FWT at FWI 14, about 4949 ms: the cap of FWT × WTXM (7.3).</summary>
        public static int MaximumFrameWaitingMicroseconds
        {
            get { return FrameWaitingMicroseconds(MaximumFrameWaitingIndex); }
        }

        /// <summary>SFGT = (256 × 16 / fc) × 2^SFGI plus ΔSFGT = 384/fc × 2^SFGI (5.2.5); 0 for SFGI 0, which asks
        /// for no guard time beyond the frame delay time.</summary>
        public static int StartUpFrameGuardMicroseconds(int startUpFrameGuardIndex)
        {
            if (startUpFrameGuardIndex <= 0 || startUpFrameGuardIndex > 14)
            {
                return 0;
            }

            return CyclesToMicroseconds((4096L + 384L) << startUpFrameGuardIndex);
        }

        /// <summary>Carrier cycles to whole microseconds, rounded up (a wait must never be too short).</summary>
        public static int CyclesToMicroseconds(long cycles)
        {
            return (int)((cycles * 1000000L + CarrierHertz - 1) / CarrierHertz);
        }
    }
}
