"""Our public exercise library: muscles, exercises and the home page's "why train" sections.

Pure data. The loader in exercises/services.py turns it into database rows.
"""

from decimal import Decimal

MUSCLES = [
    {
        "slug": "trapezius",
        "name": "Trapezius",
        "location": (
            "A large, flat muscle just under the skin. It spreads from the base of your skull "
            "down to the middle of your back and out to both shoulders."
        ),
        "function": (
            "It lifts, squeezes and lowers your shoulder blades, and it turns them upward so your arm can reach "
            "overhead. It also holds them steady while your arms work."
        ),
        "why_it_matters": ("Strong traps keep your shoulders locked in place when you hold a heavy bar."),
    },
    {
        "slug": "rhomboids",
        "name": "Rhomboids",
        "location": (
            "Two small muscles under the traps. They link your spine to the inner edge of each shoulder blade."
        ),
        "function": (
            "They pull your shoulder blades toward each other. They also help hold them there when you stand tall."
        ),
        "why_it_matters": (
            "They are what you feel when you squeeze your shoulder blades together at the top of a row."
        ),
    },
    {
        "slug": "erector-spinae",
        "name": "Erector spinae",
        "location": (
            "Long columns of muscle on both sides of your spine, running from the pelvis up toward the skull."
        ),
        "function": (
            "They straighten your spine and hold your torso upright, and they bend it to the side. "
            "Under a load, their job is to stop your back from rounding."
        ),
        "why_it_matters": ("They keep your back flat when a heavy bar tries to fold you forward."),
    },
    {
        "slug": "teres-major",
        "name": "Teres major",
        "location": ("A thick muscle on the lower outer edge of your shoulder blade. It attaches to the upper arm."),
        "function": ("It turns your arm inward and pulls it down and back in toward your body."),
        "why_it_matters": ("It does a big share of the work each time you drive your elbow back in a row."),
    },
    {
        "slug": "teres-minor",
        "name": "Teres minor",
        "location": ("A small muscle on the outer edge of your shoulder blade, just above the teres major."),
        "function": (
            "It is part of the rotator cuff. It turns your arm outward and helps keep the shoulder joint centered."
        ),
        "why_it_matters": ("Training it may help your shoulders stay comfortable when you press a lot."),
    },
    {
        "slug": "posterior-deltoid",
        "name": "Posterior deltoid",
        "location": ("The rear part of the rounded muscle that caps your shoulder."),
        "function": ("It moves your upper arm backward and helps turn it outward."),
        "why_it_matters": (
            "Most lifters train the front of the shoulder far more, so the rear delt needs extra work to keep up."
        ),
    },
    {
        "slug": "infraspinatus",
        "name": "Infraspinatus",
        "location": (
            "A flat muscle covering most of the back of your shoulder blade, below the bony ridge at its top."
        ),
        "function": (
            "It is one of the four rotator cuff muscles. It turns your arm outward and helps hold the shoulder steady."
        ),
        "why_it_matters": ("A strong infraspinatus may help your shoulder stay stable under a heavy bench press."),
    },
    {
        "slug": "serratus-posterior-superior",
        "name": "Serratus posterior superior",
        "location": ("A thin sheet of muscle under the rhomboids. It runs from the upper spine to the upper ribs."),
        "function": ("It is a small helper for breathing. It lifts the upper ribs as you breathe in."),
        "why_it_matters": (
            "Its job is breathing, not lifting, and no lift has been shown to train it. "
            "Your program can safely leave it alone."
        ),
    },
    {
        "slug": "serratus-posterior-inferior",
        "name": "Serratus posterior inferior",
        "location": (
            "A thin sheet of muscle where the upper back meets the lower back. "
            "It runs from the spine to the bottom four ribs."
        ),
        "function": ("It is a small helper for breathing. It draws the lower ribs down and back."),
        "why_it_matters": (
            "Its job is breathing, not lifting, and no lift has been shown to train it. "
            "Your program can safely leave it alone."
        ),
    },
]

EXERCISES = [
    {
        "slug": "deadlift",
        "name": "Deadlift",
        "summary": "The big pull from the floor that loads your whole back, top to bottom.",
        "why": (
            "Few lifts let you move this much weight, and your whole back has to stay rigid to do it. "
            "Your traps and spinal muscles work hard just to keep the bar close and your back flat. "
            "It is a stable lift, so you can add weight often and see your progress clearly."
        ),
        "equipment": "barbell",
        "pattern": "hinge",
        "primary": ["erector-spinae", "trapezius"],
        "secondary": ["rhomboids"],
        "setup": (
            "Walk up to the bar until it is over the middle of your foot. "
            "Feet a little narrower than your shoulders, toes turned out a touch."
        ),
        "steps": [
            "Hinge down and hold the bar overhand, hands just outside your legs.",
            "Bend your knees until your shins touch the bar.",
            "Set your back flat and pull up on the bar just enough to take the slack out, so it clicks against the plates.",
            "Breathe into your belly and brace hard. Do this before every rep, not just the first.",
            "Press your whole foot into the floor and stand up, the bar sliding up your legs.",
            "Finish tall with hips and knees locked, then lower the bar along the same path.",
        ],
        "cues": [
            "Shins to the bar.",
            "Take the slack out before the bar moves.",
            "Brace, then pull.",
            "Push the floor away with your whole foot.",
        ],
        "mistakes": [
            "Starting with the bar too far out in front, which pulls you forward and strains your lower back.",
            "Letting your back round as the bar leaves the floor, which moves the load off your legs and onto your spine.",
            "Leaning far back at the top, which adds nothing and bends your lower back the wrong way.",
        ],
        "rep_min": 4,
        "rep_max": 6,
        "increment_lb": Decimal("10"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["rack-pull", "romanian-deadlift"],
    },
    {
        "slug": "romanian-deadlift",
        "name": "Romanian deadlift",
        "summary": "A hinge from standing for the hamstrings, glutes and spinal muscles. Lighter on recovery than a deadlift.",
        "why": (
            "Mostly, it trains your hamstrings, glutes and the long muscles of your spine. "
            "Your upper back's part is to hold the bar close and keep your shoulders from rolling forward, "
            "which is still useful work. It costs less recovery than a deadlift, so it fits into more weeks."
        ),
        "equipment": "barbell",
        "pattern": "hinge",
        "primary": ["erector-spinae"],
        "secondary": ["trapezius", "rhomboids"],
        "setup": (
            "Start standing with the bar in an overhand grip, hands about shoulder width apart. "
            "Taking it from a rack at hip height saves you a pull from the floor."
        ),
        "steps": [
            "Stand tall with the bar against your thighs and your knees soft.",
            "Brace and set your back in a neutral, flat position.",
            "Send your hips back and let the bar slide down your legs.",
            "Stop when your hips stop travelling back. For most people that is around mid-shin.",
            "Drive your hips forward and stand back up.",
        ],
        "cues": [
            "Hips back, not down.",
            "Let the bar brush your legs.",
            "Your hips set the depth, not the floor.",
        ],
        "mistakes": [
            "Bending the knees too early, which turns it into a squat and takes the stretch away.",
            "Reaching for the floor after your hips have stopped moving back, which only bends your spine.",
            "Letting the bar drift away from your legs, which makes the lift much harder on your lower back.",
        ],
        "rep_min": 6,
        "rep_max": 10,
        "increment_lb": Decimal("10"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["deadlift", "rack-pull"],
    },
    {
        "slug": "rack-pull",
        "name": "Rack pull",
        "summary": "A deadlift from knee height. The shorter pull lets you handle more weight.",
        "why": (
            "Starting at the knees cuts out the bottom of the deadlift, so you can lift more than you pull from the floor. "
            "The top half of the pull is where your traps hold the most load. "
            "That makes it a strong way to overload your upper back without a full deadlift."
        ),
        "equipment": "barbell",
        "pattern": "hinge",
        "primary": ["trapezius", "erector-spinae"],
        "secondary": ["rhomboids"],
        "setup": (
            "Set the safety arms, pins or blocks so the bar rests at or just below your knees. "
            "Stand with the bar over the middle of your foot and your feet a little narrower than your shoulders."
        ),
        "steps": [
            "Grip the bar overhand, hands just outside your legs.",
            "Set your back flat and pull the slack out of the bar.",
            "Take a big breath and brace before every rep.",
            "Press your whole foot into the floor and stand up tall.",
            "Pause for a moment at the top.",
            "Lower the bar under control back onto the supports.",
        ],
        "cues": [
            "Push the floor away.",
            "Shoulders back, chest proud.",
            "Keep the bar tight to your thighs.",
        ],
        "mistakes": [
            "Setting the bar too high, which turns the lift into a short shrug that trains little.",
            "Bouncing the bar off the supports, which uses momentum instead of muscle.",
            "Hitching the bar up your thighs in stages, a sign the weight is too heavy.",
        ],
        "rep_min": 4,
        "rep_max": 6,
        "increment_lb": Decimal("10"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["deadlift", "romanian-deadlift"],
    },
    {
        "slug": "barbell-row",
        "name": "Barbell row",
        "summary": "A bent-over barbell row. Lets you row heavy and build a thick upper back.",
        "why": (
            "It lets you handle more weight than most back exercises, so it is a steady way to build strength. "
            "The pull works your traps, rhomboids and rear delts all at once. "
            "Holding the bent-over position also trains your lower back to stay flat."
        ),
        "equipment": "barbell",
        "pattern": "row",
        "primary": ["rhomboids", "trapezius"],
        "secondary": ["teres-major", "posterior-deltoid", "erector-spinae"],
        "setup": (
            "Stand with your feet shoulder width apart under the bar, toes turned out slightly. "
            "Grip a little wider than your shoulders with your palms facing you."
        ),
        "steps": [
            "Grip the bar with your palms facing you.",
            "Hinge over until your back is flat and close to parallel with the floor.",
            "Brace and hold that angle: your hips and knees stay still for the whole set.",
            "Squeeze your shoulder blades and row the bar to between your lower chest and belly button.",
            "Lower the bar under control until your arms are straight.",
        ],
        "cues": [
            "Drive your elbows back.",
            "Keep your torso still.",
            "Squeeze at the top.",
        ],
        "mistakes": [
            "Standing up more on every rep, which shortens the pull and hands the work to your hips.",
            "Letting your lower back round, which puts strain on your spine.",
            "Pulling with the arms alone, so the shoulder blades never squeeze together.",
            "Kicking with your legs without meaning to. A little leg drive is a variation you choose on purpose, "
            "for a few heavy sets once strict reps stall, not a rescue for a weight that is too heavy.",
        ],
        "rep_min": 6,
        "rep_max": 10,
        "increment_lb": Decimal("10"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["t-bar-row", "cable-row", "single-arm-dumbbell-row"],
    },
    {
        "slug": "single-arm-dumbbell-row",
        "name": "Single-arm dumbbell row",
        "summary": "A one-arm row braced on a bench. Helps you find and fix a weaker side.",
        "why": (
            "Working one side at a time shows you quickly if one arm is weaker than the other. "
            "You can then give both sides the same work until they even out. "
            "The bench takes load off your lower back, so your upper back can focus on the pull."
        ),
        "is_unilateral": True,
        "equipment": "dumbbell",
        "pattern": "row",
        "primary": ["rhomboids", "teres-major"],
        "secondary": ["trapezius", "posterior-deltoid"],
        "setup": (
            "Put one knee and the hand on that side on a flat bench. "
            "Plant your other foot out to the side, 12 to 24 inches from the bench."
        ),
        "steps": [
            "Pick up the dumbbell and let your working arm hang straight down.",
            "Set your back flat, roughly parallel to the floor.",
            "Row the dumbbell up to the side of your torso.",
            "Lower it slowly until your arm is straight.",
            "Finish your reps, then switch and do the other side.",
        ],
        "cues": [
            "Pull your elbow toward your hip.",
            "Keep your shoulders square to the floor.",
            "Reach long at the bottom.",
        ],
        "mistakes": [
            "Twisting your torso to heave the weight up, which moves the work away from your back.",
            "Shrugging your shoulder toward your ear, which cuts the pull short.",
            "Giving the strong side more reps or weight, which keeps the imbalance in place.",
        ],
        "rep_min": 8,
        "rep_max": 12,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["meadows-row", "cable-row", "t-bar-row"],
    },
    {
        "slug": "cable-row",
        "name": "Cable row",
        "summary": "A seated cable row that keeps steady tension on your back the whole way.",
        "why": (
            "A cable keeps pulling on you through the whole rep, which free weights do not. "
            "That steady tension stresses your back in a different way from barbells and dumbbells. "
            "The small jumps on the weight stack also make it easy to add load a bit at a time."
        ),
        "equipment": "cable",
        "pattern": "row",
        "primary": ["rhomboids", "trapezius"],
        "secondary": ["teres-major", "posterior-deltoid"],
        "setup": ("Sit on the bench with your feet on the footrest and your knees slightly bent."),
        "steps": [
            "Lean forward and take hold of the handle.",
            "Sit back up tall with your arms straight out in front.",
            "Pull the handle in to your stomach.",
            "Squeeze your shoulder blades together for a moment.",
            "Let the handle travel back until your arms are straight.",
        ],
        "cues": [
            "Sit tall the whole set.",
            "Lead with your elbows.",
            "No rocking.",
        ],
        "mistakes": [
            "Rocking back and forth to move the weight, which turns a back exercise into a swing.",
            "Letting the stack crash down between reps, which drops the tension that makes cables useful.",
            "Hunching your shoulders up toward your ears, which takes work away from the middle of your back.",
        ],
        "rep_min": 8,
        "rep_max": 12,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["chest-supported-row", "t-bar-row", "barbell-row"],
    },
    {
        "slug": "chest-supported-row",
        "name": "Chest-supported row",
        "summary": "Dumbbell rows lying on an incline bench. No swinging, so your back does the work.",
        "why": (
            "With your chest on the bench, you cannot swing or use your legs to cheat. "
            "Every rep has to come from your upper back. "
            "It also spares your lower back, which makes it a good choice the day after heavy pulls."
        ),
        "equipment": "dumbbell",
        "pattern": "row",
        "primary": ["rhomboids", "trapezius"],
        "secondary": ["posterior-deltoid", "teres-major"],
        "setup": ("Set an incline bench to about 30 degrees and place a dumbbell on each side of it."),
        "steps": [
            "Take a dumbbell in each hand.",
            "Lie face down on the bench with your feet on the floor.",
            "Let your arms hang straight down.",
            "Pull your elbows up until the dumbbells reach your ribs.",
            "Lower them slowly until your arms are straight.",
        ],
        "cues": [
            "Chest stays on the pad.",
            "Drive your elbows toward the ceiling.",
            "Pause at the top.",
        ],
        "mistakes": [
            "Lifting your chest off the pad to heave the weight, which brings back the momentum the bench is there to remove.",
            "Stopping short at the top, so your shoulder blades never fully squeeze together.",
        ],
        "rep_min": 8,
        "rep_max": 12,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["seal-row", "cable-row", "t-bar-row"],
    },
    {
        "slug": "seal-row",
        "name": "Seal row",
        "summary": "A barbell row lying face down on a high bench. Your legs cannot help at all.",
        "why": (
            "Lying flat on a high bench keeps your legs and hips out of the lift. "
            "Your upper back has to do all of the pulling, with no body swing to help. "
            "It also takes the load off your lower back completely."
        ),
        "equipment": "barbell",
        "pattern": "row",
        "primary": ["rhomboids", "trapezius"],
        "secondary": ["teres-major", "posterior-deltoid"],
        "setup": (
            "Use a bench high enough that your arms hang long while the loaded bar stays clear of the floor. "
            "If your gym has no seal row bench, raise a flat bench on sturdy boxes. "
            "Put the loaded bar on the floor under the bench before you lie down."
        ),
        "steps": [
            "Lie face down on the bench above the bar.",
            "Grip the bar a little wider than your shoulders, palms facing your feet.",
            "Lift the bar so it hangs from straight arms.",
            "Row the bar up until it taps the bottom of the bench.",
            "Lower the bar under control until your arms are straight.",
        ],
        "cues": [
            "Chest glued to the bench.",
            "Touch the bench every rep.",
            "Slow on the way down.",
        ],
        "mistakes": [
            "Using a bench that is too low, so the plates hit the floor before your arms are straight.",
            "Lifting your head and chest off the bench, which strains your neck and adds swing.",
            "Dropping the bar fast at the bottom, which yanks on your shoulders.",
        ],
        "rep_min": 6,
        "rep_max": 10,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["chest-supported-row", "cable-row", "t-bar-row"],
    },
    {
        "slug": "meadows-row",
        "name": "Meadows row",
        "summary": "A one-arm row on a barbell anchored at one end. It pulls along a new path.",
        "why": (
            "Holding the loaded end of a bar that is fixed at the other end changes the path of the pull. "
            "That gives your back a different stretch and squeeze from regular rows. "
            "Working one arm at a time also helps you even out a weaker side."
        ),
        "is_unilateral": True,
        "equipment": "barbell",
        "pattern": "row",
        "primary": ["teres-major", "rhomboids"],
        "secondary": ["posterior-deltoid", "trapezius"],
        "setup": (
            "Wedge one end of a barbell into a corner or a landmine and load the other end. "
            "Stand side-on to the loaded end: the foot nearer the plates goes forward, pointing across the bar, "
            "and the other foot steps 2 to 3 feet back."
        ),
        "steps": [
            "Pull with the hand on your back-foot side, the one opposite your front foot.",
            "Hinge until your back is close to parallel with the floor and rest your other forearm on your front knee.",
            "Take the sleeve end of the bar in an overhand grip, just behind the plates.",
            "Drive your elbow up and back until the bar reaches your side.",
            "Lower until your arm is long and you feel the stretch across your back.",
            "Finish the set, then turn around, swap your feet and work the other side.",
        ],
        "cues": [
            "Front foot forward, the other hand pulls.",
            "Drive your elbow up and back.",
            "Get a full stretch at the bottom.",
        ],
        "mistakes": [
            "Twisting your torso to lift the bar, which moves the work away from your back.",
            "Loading large plates that bump your legs or the floor, which cuts your range of motion short.",
        ],
        "rep_min": 8,
        "rep_max": 12,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["single-arm-dumbbell-row", "cable-row", "t-bar-row"],
    },
    {
        "slug": "t-bar-row",
        "name": "T-bar row",
        "summary": "A heavy row on a T-bar with a palms-in grip that hits your mid-back hard.",
        "why": (
            "The T-bar lets you row heavy weights while your body stays steady. "
            "With your palms facing each other, the load lands on your back a little differently than in a barbell row. "
            "It is a reliable lift for adding weight week after week."
        ),
        "equipment": "machine",
        "pattern": "row",
        "primary": ["rhomboids", "trapezius"],
        "secondary": ["teres-major", "posterior-deltoid", "erector-spinae"],
        "setup": (
            "Step onto the footplate with the plates in front of you and the bar between your feet. "
            "A barbell wedged in a landmine with a V-handle under it works the same way."
        ),
        "steps": [
            "Bend your knees slightly.",
            "Hinge forward with a flat back until your torso is 30 to 45 degrees up from the floor.",
            "Grab the handles with your palms facing each other.",
            "Raise the weight clear of the support.",
            "Row the handles up to your torso.",
            "Lower the weight until your arms are straight.",
        ],
        "cues": [
            "Keep your chest up.",
            "Hold the same hinge angle.",
            "Elbows close to your sides.",
        ],
        "mistakes": [
            "Standing more upright as you pull, which turns the row into a shrug.",
            "Rounding your back to reach the handles, which loads your spine in a weak position.",
            "Loading more than you can control, so every rep becomes a jerk.",
        ],
        "rep_min": 6,
        "rep_max": 10,
        "increment_lb": Decimal("10"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["barbell-row", "chest-supported-row", "cable-row"],
    },
    {
        "slug": "upright-row",
        "name": "Upright row",
        "summary": "A standing barbell pull to chest height. Mainly for your upper traps.",
        "why": (
            "Lifting your elbows out to the sides makes your upper traps raise and turn your shoulder blades, "
            "so they do most of the work. Your side delts work hard too, with the rear delts helping. "
            "It needs only a barbell and fits well near the end of a session with moderate weights."
        ),
        "equipment": "barbell",
        "pattern": "upright-pull",
        "primary": ["trapezius"],
        "secondary": ["posterior-deltoid"],
        "setup": (
            "Hold the bar at shoulder width or a little wider; a narrow grip tends to pinch the shoulders. "
            "The wider your grip, the more of the work moves to your rear delts and traps."
        ),
        "steps": [
            "Stand tall with the bar in front of your thighs, palms facing you.",
            "Lift the bar straight up, close to your body.",
            "Lead with your elbows so they stay higher than your forearms.",
            "Stop when your upper arms are level with the floor.",
            "Lower the bar slowly back to your thighs.",
        ],
        "cues": [
            "Elbows higher than your hands.",
            "Keep the bar close.",
            "Stop at shoulder height.",
        ],
        "mistakes": [
            "Pulling the bar far past shoulder height, which can leave your shoulders feeling pinched.",
            "Swinging the bar up with your hips, which takes the work off your traps and delts.",
            "Letting your hands rise above your elbows, which shifts the effort into your arms.",
        ],
        "rep_min": 10,
        "rep_max": 15,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["barbell-shrug", "rack-pull"],
    },
    {
        "slug": "face-pull",
        "name": "Face pull",
        "summary": "A rope pull to your face that trains your rear delts and rotator cuff.",
        "why": (
            "It pairs a pull toward your face with an outward turn of your upper arms, a mix few lifts give you. "
            "That works your rear delts and the small rotator cuff muscles behind the shoulder. "
            "It may help keep your shoulders healthy if you do a lot of pressing."
        ),
        "equipment": "cable",
        "pattern": "row",
        "primary": ["posterior-deltoid", "infraspinatus", "teres-minor"],
        "secondary": ["trapezius", "rhomboids"],
        "setup": ("Set the pulley at eye level and clip on a rope attachment."),
        "steps": [
            "Take an end of the rope in each hand and walk back until your arms are long and the stack lifts.",
            "Set your feet at shoulder width with soft knees, and stand tall.",
            "Lift your elbows to shoulder height and draw the rope toward your forehead.",
            "As it comes in, pull the ends apart and turn your forearms up, so your fists finish beside your ears.",
            "Hold for a moment, then let your arms reach forward again under control.",
        ],
        "cues": [
            "Elbows high the whole time.",
            "Pull the rope apart, not just back.",
            "Finish with your hands above your shoulders.",
        ],
        "mistakes": [
            "Leaning back to use your body weight, which takes work away from the small shoulder muscles.",
            "Letting your elbows drop, which turns it into a plain row and skips the outward turn.",
            "Going so heavy that you cannot finish with your hands above your shoulders.",
        ],
        "rep_min": 12,
        "rep_max": 15,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["dumbbell-rear-lateral-raise", "chest-supported-row"],
    },
    {
        "slug": "dumbbell-rear-lateral-raise",
        "name": "Dumbbell rear lateral raise",
        "summary": "A bent-over raise for your rear delts and the muscles between your shoulder blades.",
        "why": (
            "It puts your rear delts first, and they rarely get enough direct work. "
            "Your traps and rhomboids join in as you squeeze your shoulder blades at the top. "
            "A pair of light dumbbells is all you need."
        ),
        "equipment": "dumbbell",
        "pattern": "raise",
        "primary": ["posterior-deltoid"],
        "secondary": ["trapezius", "rhomboids", "infraspinatus", "teres-minor"],
        "setup": ("You can do it standing or sitting on the end of a bench."),
        "steps": [
            "Take a dumbbell in each hand.",
            "Hinge forward until your torso is close to parallel with the floor.",
            "Keep your back flat and let the dumbbells hang below you.",
            "Raise the dumbbells out to your sides until your upper arms are level with the floor.",
            "Squeeze your shoulder blades together at the top.",
            "Lower the dumbbells slowly.",
        ],
        "cues": [
            "Think wide, not up.",
            "Keep a soft bend in your elbows.",
            "Pause at the top.",
        ],
        "mistakes": [
            "Swinging your torso up to heave the weights, which takes the work off your rear delts.",
            "Picking dumbbells that are too heavy, which turns the raise into a bent-arm row.",
            "Rising out of the bent-over position, which shifts the work to the side of your shoulders.",
        ],
        "rep_min": 12,
        "rep_max": 20,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["face-pull", "chest-supported-row"],
    },
    # Additions: not among the source's thirteen, added because a back library without a vertical pull
    # or a shrug leaves the teres major and the upper traps short.
    {
        "slug": "pull-up",
        "name": "Pull-up",
        "summary": "Hang from a bar and pull your chin over it. The classic vertical pull.",
        "why": (
            "None of the rows pulls from overhead, and that is where the lats and teres major do their biggest work. "
            "A pull-up trains them through a long range with nothing but a bar. "
            "Once you can do ten clean reps, a belt with added weight keeps it progressing like any other lift."
        ),
        "is_addition": True,
        "equipment": "bodyweight",
        "pattern": "vertical-pull",
        "primary": ["teres-major"],
        "secondary": ["rhomboids", "trapezius", "posterior-deltoid"],
        "setup": (
            "Log the weight you add with a belt or a dumbbell between your feet; 0 means your body weight alone. "
            "If five strict reps are out of reach, do the lat pulldown until they are not. "
            "Palms toward you makes it a chin-up, which brings in more biceps and counts here too."
        ),
        "steps": [
            "Hang from the bar with straight arms, hands a little wider than your shoulders, palms facing away.",
            "Pull your shoulder blades down and back before your elbows bend.",
            "Drive your elbows down toward your ribs until your chin clears the bar.",
            "Lower yourself all the way to straight arms without dropping.",
        ],
        "cues": [
            "Shoulders away from your ears first.",
            "Elbows to your back pockets.",
            "Full hang at the bottom of every rep.",
        ],
        "mistakes": [
            "Kicking or swinging to get over the bar, which moves the work from your back to momentum.",
            "Stopping with bent arms at the bottom, which cuts off the stretch where the teres major works hardest.",
            "Craning your neck to reach the bar, which fakes the last few inches.",
        ],
        "rep_min": 5,
        "rep_max": 10,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["lat-pulldown", "single-arm-dumbbell-row"],
    },
    {
        "slug": "lat-pulldown",
        "name": "Lat pulldown",
        "summary": "A seated cable pull from overhead. A pull-up you can load to the pound.",
        "why": (
            "It trains the same overhead pull as a pull-up, but you choose the load, "
            "so it works before you can do a pull-up and for high-rep work after. "
            "The lats and teres major drive it, with the muscles between your shoulder blades helping."
        ),
        "is_addition": True,
        "equipment": "cable",
        "pattern": "vertical-pull",
        "primary": ["teres-major"],
        "secondary": ["rhomboids", "trapezius", "posterior-deltoid"],
        "setup": (
            "Set the knee pad so your thighs are locked under it and clip a long straight bar to the high pulley."
        ),
        "steps": [
            "Take the bar with an overhand grip a little wider than your shoulders and sit down under the pad.",
            "Lean back a touch, chest up, arms straight overhead.",
            "Pull the bar down to your upper chest, elbows travelling down and slightly back.",
            "Let the bar rise until your arms are straight and your shoulders lift.",
        ],
        "cues": [
            "Chest up to meet the bar.",
            "Pull with your elbows, not your hands.",
            "Let your arms go long at the top.",
        ],
        "mistakes": [
            "Leaning far back and rowing the bar to your belly, which turns it into a different exercise.",
            "Pulling the bar behind your neck, which strains the shoulders and adds nothing.",
            "Letting the stack drop and yank you up, which skips the stretch at the top.",
        ],
        "rep_min": 8,
        "rep_max": 12,
        "increment_lb": Decimal("5"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("2.5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["pull-up", "cable-row"],
    },
    {
        "slug": "barbell-shrug",
        "name": "Barbell shrug",
        "summary": "Lift your shoulders straight up to your ears with a heavy bar. Direct work for the upper traps.",
        "why": (
            "Raising the shoulder blades is the upper traps' main job, and a shrug loads it and little else. "
            "You can handle heavy weights safely, so it is an easy lift to progress. "
            "It pairs well with rows, which work the middle of the traps more than the top."
        ),
        "is_addition": True,
        "equipment": "barbell",
        "pattern": "shrug",
        "primary": ["trapezius"],
        "secondary": [],
        "setup": ("Take the bar from a rack at mid-thigh height so you never pull it from the floor."),
        "steps": [
            "Stand tall holding the bar overhand at shoulder width, arms straight.",
            "Lift your shoulders straight up toward your ears.",
            "Hold the top for a moment.",
            "Lower slowly until your shoulders hang low and your traps stretch.",
        ],
        "cues": [
            "Up, not round.",
            "Arms stay straight, like ropes.",
            "Pause at the top.",
        ],
        "mistakes": [
            "Rolling your shoulders in circles, which adds nothing and grinds the joint.",
            "Bending your elbows to help, which turns it into an upright row.",
            "Bouncing short reps with too much weight, so your shoulders barely move.",
        ],
        "rep_min": 8,
        "rep_max": 12,
        "increment_lb": Decimal("10"),
        "decrement_lb": Decimal("5"),
        "increment_kg": Decimal("5"),
        "decrement_kg": Decimal("2.5"),
        "alternatives": ["upright-row", "rack-pull"],
    },
]

WHY_TRAIN = [
    {
        "title": "Posture",
        "body": (
            "A weak upper back lets your shoulders slump forward over time. "
            "Strong traps and rhomboids hold your shoulder blades back, so you stand taller without trying."
        ),
    },
    {
        "title": "Balance",
        "body": (
            "Chest, front delts and abs get most of the attention because you see them in the mirror. "
            "Training the muscles behind you evens that out. "
            "It may also help your shoulders sit in a better position."
        ),
    },
    {
        "title": "Carry-over",
        "body": (
            "Your big lifts lean on the muscles behind you. Bench press: shoulder blades pinned back and down "
            "make a firm shelf to press from. Squat: a tight upper back holds your chest up under the bar. "
            "Deadlift: it keeps your spine from bending as the weight leaves the floor."
        ),
    },
]

# Words lifters search with, and what each one means in the library. Keys are compared with spaces and hyphens
# removed, so "pull up", "pull-up" and "pullup" are one word; each value is a list of names to search for.
SEARCH_WORDS = {
    "traps": ["trapezius"],
    "lats": ["lat pulldown", "pull-up"],
    "lat": ["lat pulldown", "pull-up"],
    "rear delts": ["posterior deltoid"],
    "rear delt": ["posterior deltoid"],
    "lower back": ["erector spinae"],
    "mid back": ["rhomboids"],
    "rotator cuff": ["infraspinatus", "teres minor"],
    "landmine": ["meadows row", "t-bar row"],
    "pulldown": ["lat pulldown"],
    "facepull": ["face pull"],
    "pull up": ["pull-up"],
    "chin-up": ["pull-up"],
    "chin up": ["pull-up"],
    "shrugs": ["shrug"],
    "rdl": ["romanian deadlift"],
}
