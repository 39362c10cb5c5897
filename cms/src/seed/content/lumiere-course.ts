import type { SeedCourse } from './types.ts'

export const lumiereCourse: SeedCourse = {
  slug: 'les-bases-de-la-photographie-numerique',
  title: 'Les bases de la photographie numérique',
  summary:
    'Quittez le mode automatique et prenez le contrôle de vos images : exposition, composition et lumière, expliquées pas à pas avec des exercices à faire sur le terrain. Un appareil hybride, un reflex ou un smartphone doté d’un mode manuel suffit.',
  sections: [
    {
      title: 'Maîtriser l’exposition',
      lessons: [
        {
          slug: 'comprendre-l-exposition',
          title: 'Comprendre l’exposition et son triangle',
          durationSeconds: 360,
          body: [
            { type: 'heading', text: 'Qu’est-ce qu’une bonne exposition ?' },
            {
              type: 'paragraph',
              text: 'Exposer une photo, c’est décider de la quantité de lumière qui va atteindre le capteur. Trop peu, et l’image est sombre, les ombres se bouchent, le bruit apparaît. Trop, et les zones claires deviennent des aplats blancs sans détail. Entre les deux, il n’existe pas une seule « bonne » exposition, mais celle qui sert votre intention : une rue la nuit peut rester sombre, un portrait en bord de mer peut être volontairement lumineux.',
            },
            {
              type: 'paragraph',
              text: 'Trois réglages déterminent la luminosité de l’image, et chacun a un effet secondaire sur le rendu. C’est ce qu’on appelle le **triangle d’exposition** :',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                '**l’ouverture** (f/2,8, f/8…) : la taille de l’orifice par lequel passe la lumière. Effet secondaire : la profondeur de champ, c’est-à-dire l’étendue de la zone nette ;',
                '**la vitesse d’obturation** (1/500 s, 1/30 s…) : la durée pendant laquelle le capteur reçoit la lumière. Effet secondaire : le rendu du mouvement, figé ou flou ;',
                '**la sensibilité ISO** (100, 800, 3200…) : l’amplification du signal enregistré par le capteur. Effet secondaire : le bruit numérique.',
              ],
            },
            { type: 'heading', text: 'Raisonner en « stops »' },
            {
              type: 'paragraph',
              text: 'Les photographes comptent la lumière par crans, appelés *stops* ou indices de lumination (IL). Gagner un stop, c’est doubler la lumière ; en perdre un, c’est la diviser par deux. Tout l’intérêt est que les trois réglages parlent la même langue. Passer de 1/125 s à 1/250 s retire un stop ; ouvrir de f/8 à f/5,6 en ajoute un. Les deux changements s’annulent et l’exposition reste la même.',
            },
            {
              type: 'paragraph',
              text: 'Ainsi, à sensibilité égale, f/8 à 1/125 s, f/5,6 à 1/250 s et f/11 à 1/60 s donnent des images de même luminosité. Ce qui change, c’est leur aspect : plus ou moins d’arrière-plan net, un mouvement plus ou moins figé. Choisir une exposition, c’est donc choisir lequel de ces effets compte le plus pour la photo que vous avez en tête.',
            },
            {
              type: 'paragraph',
              text: 'Les modes semi-automatiques vous laissent fixer le réglage prioritaire et calculent le reste : **A** ou **Av** pour la priorité à l’ouverture, **S** ou **Tv** pour la priorité à la vitesse. Le mode **M** vous confie tout. Commencer par la priorité à l’ouverture est une excellente façon d’apprendre sans rater trop d’images.',
            },
            { type: 'heading', text: 'Exercice' },
            {
              type: 'paragraph',
              text: 'Par une journée lumineuse, placez-vous face à une scène immobile, en mode M et à 100 ISO. Trouvez une exposition correcte à f/8 en jouant sur la vitesse. Réalisez ensuite trois autres photos à f/5,6, f/11 et f/16 en décalant à chaque fois la vitesse d’un stop pour compenser. La luminosité doit rester identique d’une image à l’autre : observez ce qui change malgré tout.',
            },
          ],
        },
        {
          slug: 'ouverture-et-profondeur-de-champ',
          title: 'L’ouverture et la profondeur de champ',
          durationSeconds: 330,
          body: [
            { type: 'heading', text: 'Le diaphragme et les nombres f' },
            {
              type: 'paragraph',
              text: 'Dans l’objectif, un diaphragme formé de fines lamelles s’ouvre ou se referme pour laisser passer plus ou moins de lumière. Son ouverture s’exprime par un nombre f, et c’est là que beaucoup de débutants s’emmêlent : **plus le nombre est petit, plus l’ouverture est grande**. f/1,8 est une très grande ouverture, f/16 une toute petite. C’est logique dès qu’on sait que le diamètre de l’ouverture est égal à la focale divisée par ce nombre.',
            },
            {
              type: 'paragraph',
              text: 'La série des valeurs pleines est la suivante, chaque cran divisant la lumière par deux : f/1,4 – f/2 – f/2,8 – f/4 – f/5,6 – f/8 – f/11 – f/16 – f/22. Votre appareil propose aussi des valeurs intermédiaires, par tiers de stop, comme f/3,2 ou f/7,1.',
            },
            { type: 'heading', text: 'Maîtriser la zone de netteté' },
            {
              type: 'paragraph',
              text: 'L’ouverture contrôle la **profondeur de champ**, c’est-à-dire la zone qui paraît nette devant et derrière le point de mise au point. Trois facteurs la font varier :',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                'l’ouverture : une grande ouverture (f/1,8, f/2,8) réduit la profondeur de champ, une petite ouverture (f/11, f/16) l’augmente ;',
                'la distance au sujet : plus vous êtes près, plus la zone nette est mince, ce qui explique la difficulté de la macro ;',
                'la focale : à distance égale, un téléobjectif réduit la profondeur de champ et grossit l’arrière-plan, ce qui accentue l’impression de flou.',
              ],
            },
            {
              type: 'paragraph',
              text: 'Quelques repères pour débuter. Pour un portrait sur fond flou, essayez f/1,8 à f/2,8 et faites la mise au point sur l’œil le plus proche : à ces ouvertures, une erreur de quelques centimètres suffit à rendre le regard flou. Pour un groupe sur plusieurs rangs, fermez à f/5,6 ou f/8. Pour un paysage net du premier plan jusqu’à l’horizon, f/8 à f/11 constitue un bon point de départ.',
            },
            {
              type: 'paragraph',
              text: 'Fermer au maximum n’est pas toujours la bonne idée : au-delà de f/11 ou f/16 selon les objectifs, un phénomène optique appelé *diffraction* adoucit l’ensemble de l’image. Et n’oubliez pas le triangle : chaque cran fermé divise la lumière par deux, ce qu’il faudra compenser par une vitesse plus lente ou une sensibilité plus élevée.',
            },
            { type: 'heading', text: 'Exercice' },
            {
              type: 'paragraph',
              text: 'En priorité à l’ouverture (A ou Av), placez un objet à un mètre de vous, devant un arrière-plan situé à plusieurs mètres. Sans bouger, photographiez-le à la plus grande ouverture de votre objectif, puis à f/5,6, f/11 et f/16. Comparez l’arrière-plan sur les quatre images et relevez la vitesse choisie par l’appareil à chaque fois : vous verrez le triangle à l’œuvre.',
            },
          ],
        },
        {
          slug: 'vitesse-d-obturation-et-mouvement',
          title: 'La vitesse d’obturation et le mouvement',
          durationSeconds: 330,
          body: [
            { type: 'heading', text: 'Figer ou suggérer le mouvement' },
            {
              type: 'paragraph',
              text: 'La vitesse d’obturation correspond au temps pendant lequel l’obturateur reste ouvert. Elle s’exprime en fractions de seconde, comme 1/1000 s ou 1/60 s, ou en secondes pour les poses longues. Doubler la durée double la lumière reçue : 1/125 s apporte un stop de plus que 1/250 s.',
            },
            {
              type: 'paragraph',
              text: 'Mais la vitesse décide surtout de la manière dont le mouvement apparaît. Une vitesse rapide fige l’instant ; une vitesse lente laisse le sujet, ou l’appareil, bouger pendant la prise de vue, et ce déplacement se traduit par du flou. Ce flou peut être une erreur… ou un choix expressif. Voici quelques ordres de grandeur :',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                '1/1000 s et au-delà : sport, oiseaux en vol, gouttes d’eau suspendues ;',
                '1/250 s à 1/500 s : enfants qui jouent, passants, animaux en mouvement ;',
                '1/60 s à 1/125 s : sujets immobiles photographiés à main levée avec un objectif standard ;',
                '1/15 s à 1/30 s : filé panoramique, en suivant un cycliste pour garder le sujet net sur un arrière-plan étiré ;',
                '1 s et plus, sur trépied : eau soyeuse d’une cascade, traînées lumineuses des phares la nuit.',
              ],
            },
            { type: 'heading', text: 'Éviter le flou de bougé' },
            {
              type: 'paragraph',
              text: 'Le flou le plus fréquent ne vient pas du sujet mais du photographe : à main levée, les mains tremblent toujours un peu. Une règle empirique aide à l’éviter : choisissez une vitesse au moins égale à **1/focale**. Avec un 50 mm, visez 1/50 s ou plus rapide ; avec un 200 mm, 1/200 s. Sur un capteur APS-C, multipliez d’abord la focale par le coefficient de l’appareil, 1,5 ou 1,6 selon les marques : un 50 mm demande alors environ 1/80 s.',
            },
            {
              type: 'paragraph',
              text: 'La stabilisation, intégrée à l’objectif ou au boîtier, permet de descendre de quelques stops sous cette limite. Attention cependant : elle compense vos mouvements, pas ceux du sujet. Une personne qui marche restera floue à 1/15 s, stabilisation ou non. Pour les poses longues, associez un trépied au retardateur de deux secondes afin d’éviter la vibration provoquée par la pression sur le déclencheur.',
            },
            { type: 'heading', text: 'Exercice' },
            {
              type: 'paragraph',
              text: 'Installez-vous au bord d’une rue passante, en priorité à la vitesse (S ou Tv). Photographiez les passants à 1/500 s, 1/60 s puis 1/15 s, et comparez. Réglez ensuite 1/30 s et suivez un cycliste avec l’appareil, en déclenchant sans interrompre le mouvement. Réussir un filé demande souvent une dizaine d’essais : c’est tout à fait normal.',
            },
          ],
        },
        {
          slug: 'sensibilite-iso-et-bruit',
          title: 'La sensibilité ISO et le bruit numérique',
          durationSeconds: 330,
          body: [
            { type: 'heading', text: 'Ce que fait vraiment le réglage ISO' },
            {
              type: 'paragraph',
              text: 'Contrairement à l’ouverture et à la vitesse, la sensibilité ISO ne modifie pas la quantité de lumière qui atteint le capteur : elle règle l’amplification du signal enregistré. Doubler la valeur, de 100 à 200 ou de 800 à 1600 ISO, éclaircit l’image d’un stop, comme si vous aviez doublé le temps de pose.',
            },
            {
              type: 'paragraph',
              text: 'Le prix à payer est le **bruit numérique** : plus l’amplification est forte, plus les irrégularités du signal deviennent visibles, surtout dans les ombres. On en distingue deux formes :',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                'le bruit de luminance, un grain plus ou moins fin, souvent acceptable, voire agréable en noir et blanc ;',
                'le bruit de chrominance, des taches colorées dans les zones sombres et unies, nettement plus disgracieux.',
              ],
            },
            {
              type: 'paragraph',
              text: 'Le niveau de bruit tolérable dépend de l’appareil, de la taille à laquelle l’image sera vue et du sujet lui-même. Les capteurs récents donnent souvent de bons résultats à des sensibilités élevées, mais mieux vaut le vérifier avec votre propre matériel que de se fier aux réputations.',
            },
            { type: 'heading', text: 'Dans quel ordre régler ?' },
            {
              type: 'paragraph',
              text: 'Une méthode simple : choisissez d’abord le réglage qui compte le plus pour l’image, l’ouverture pour la profondeur de champ ou la vitesse pour le mouvement, puis le second, et ajustez les ISO en dernier, à la valeur la plus basse qui permet une exposition correcte. En plein soleil, vous resterez à la sensibilité de base, souvent 100 ISO. En intérieur le soir, monter à 1600 ou 6400 ISO n’a rien d’anormal.',
            },
            {
              type: 'paragraph',
              text: 'Retenez surtout ceci : **une photo nette et un peu bruitée vaut mieux qu’une photo floue et propre**. Le bruit s’atténue au post-traitement ; le flou de bougé, presque jamais. De même, une image correctement exposée à haute sensibilité est en général plus propre qu’une image sous-exposée à 100 ISO puis éclaircie sur l’ordinateur.',
            },
            {
              type: 'paragraph',
              text: 'Le mode ISO automatique rend de grands services, à condition de le paramétrer : la plupart des appareils permettent de fixer une vitesse minimale et une sensibilité maximale. L’appareil ne monte alors en ISO que lorsque c’est nécessaire.',
            },
            { type: 'heading', text: 'Exercice' },
            {
              type: 'paragraph',
              text: 'Dans une pièce peu éclairée, posez l’appareil sur une table et photographiez la même scène à 100, 800 et 3200 ISO, puis à la valeur maximale, en compensant avec la vitesse. Affichez les images à 100 % sur un écran et notez la sensibilité à partir de laquelle le bruit vous gêne. Ce sera votre limite personnelle pour ce boîtier.',
            },
          ],
        },
      ],
    },
    {
      title: 'Composer ses images',
      lessons: [
        {
          slug: 'regle-des-tiers-et-lignes-directrices',
          title: 'La règle des tiers et les lignes directrices',
          durationSeconds: 330,
          body: [
            { type: 'heading', text: 'Sortir le sujet du centre' },
            {
              type: 'paragraph',
              text: 'Le réflexe du débutant consiste à placer le sujet au milieu de l’image. Cela fonctionne parfois, mais le résultat paraît souvent figé. La **règle des tiers** propose une alternative simple : divisez mentalement le cadre en trois parts égales, horizontalement et verticalement, pour obtenir une grille de neuf cases. Placez ensuite les éléments importants sur ces lignes ou sur leurs quatre intersections, qu’on appelle souvent les points forts.',
            },
            {
              type: 'paragraph',
              text: 'La plupart des appareils et des smartphones savent afficher cette grille à l’écran ou dans le viseur : activez-la dans les réglages d’affichage, elle vous accompagnera utilement pendant vos premières semaines.',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                'En paysage, placez l’horizon sur le tiers inférieur si le ciel est spectaculaire, sur le tiers supérieur si le premier plan est plus intéressant. Évitez de couper l’image en deux moitiés égales sans raison.',
                'En portrait, placez l’œil le plus proche de l’objectif sur la ligne du tiers supérieur.',
                'Pour un sujet en mouvement ou qui regarde de côté, laissez de l’espace devant lui, dans le sens du regard ou du déplacement.',
              ],
            },
            { type: 'heading', text: 'Guider le regard' },
            {
              type: 'paragraph',
              text: 'Une image se parcourt. Les **lignes directrices**, qu’il s’agisse d’une route, d’une rambarde, d’une rivière ou d’une rangée d’arbres, entraînent le regard du spectateur à travers la photo. Si elles convergent vers le sujet, elles le mettent en valeur sans effort. Les diagonales apportent du dynamisme, les horizontales une impression de calme, les verticales de stabilité ou d’élévation.',
            },
            {
              type: 'paragraph',
              text: 'Pensez aussi au poids visuel : une zone claire, un élément net, une couleur vive ou un visage attirent l’œil avant le reste. Une tache lumineuse au bord du cadre détournera l’attention de votre sujet, même si elle vous semblait anodine au moment du déclenchement.',
            },
            {
              type: 'paragraph',
              text: 'La règle des tiers n’a rien d’une loi. Une scène parfaitement symétrique, comme un reflet dans un lac calme ou une façade vue de face, gagne souvent à être centrée. L’essentiel est que le placement du sujet soit une décision, et non le fruit du hasard.',
            },
            { type: 'heading', text: 'Exercice' },
            {
              type: 'paragraph',
              text: 'Choisissez un sujet simple, par exemple un arbre isolé ou un banc public. Réalisez trois images : sujet centré, sujet sur un point fort à gauche, sujet sur un point fort à droite. Cherchez ensuite une ligne qui conduit le regard jusqu’à lui et prenez une quatrième photo. Comparez les quatre et demandez-vous laquelle raconte le mieux la scène.',
            },
          ],
        },
        {
          slug: 'cadrage-et-point-de-vue',
          title: 'Cadrage, point de vue et simplicité',
          durationSeconds: 300,
          body: [
            { type: 'heading', text: 'Simplifier le cadre' },
            {
              type: 'paragraph',
              text: 'Une photo réussie dit souvent une seule chose. Le défaut de la plupart des images décevantes n’est pas technique : le sujet est trop petit, noyé parmi des éléments qui n’apportent rien. Le remède le plus efficace tient en une phrase couramment attribuée au photojournaliste Robert Capa :',
            },
            {
              type: 'quote',
              text: '« Si vos photos ne sont pas assez bonnes, c’est que vous n’êtes pas assez près. »',
            },
            {
              type: 'paragraph',
              text: 'Avant de déclencher, faites le tour du cadre des yeux, comme si vous lisiez ses bords. Un poteau qui semble sortir de la tête de quelqu’un, une poubelle dans un coin, une branche coupée net : ces détails passent inaperçus sur le moment mais sautent aux yeux à l’écran. Un pas de côté ou un léger recadrage suffit souvent à les éliminer.',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                'Rapprochez-vous physiquement plutôt que de zoomer par réflexe.',
                'Choisissez un arrière-plan simple : un mur, le ciel, un feuillage lointain et flou.',
                'Demandez-vous ce que chaque élément apporte ; s’il n’apporte rien, sortez-le du cadre.',
                'Essayez le format vertical : portraits, arbres ou façades s’y prêtent souvent mieux.',
              ],
            },
            { type: 'heading', text: 'Changer de point de vue' },
            {
              type: 'paragraph',
              text: 'La grande majorité des photos sont prises debout, à hauteur d’yeux d’adulte, et c’est précisément pour cela qu’elles se ressemblent. Changer de hauteur transforme l’image. Accroupi au niveau d’un enfant ou d’un chien, vous entrez dans son monde. Une **plongée**, l’appareil au-dessus du sujet, l’écrase et le rend plus petit ; une **contre-plongée**, prise d’en bas, le grandit et lui donne de la puissance.',
            },
            {
              type: 'paragraph',
              text: 'Cherchez aussi des cadres naturels : une porte, une fenêtre, une arche ou des branches qui entourent le sujet. Ce « cadre dans le cadre » isole le sujet, guide le regard et ajoute de la profondeur à l’image.',
            },
            { type: 'heading', text: 'Exercice' },
            {
              type: 'paragraph',
              text: 'Photographiez un même sujet, une personne, une statue ou une plante, de dix façons différentes sans changer d’objectif : debout, accroupi, allongé, de très près, en vertical, à travers un cadre naturel… Sélectionnez ensuite vos deux meilleures images et notez précisément ce qui les distingue des huit autres.',
            },
          ],
        },
      ],
    },
    {
      title: 'Travailler la lumière',
      lessons: [
        {
          slug: 'observer-la-lumiere-naturelle',
          title: 'Observer et utiliser la lumière naturelle',
          durationSeconds: 330,
          body: [
            { type: 'heading', text: 'Qualité et direction de la lumière' },
            {
              type: 'paragraph',
              text: 'Étymologiquement, photographier, c’est « écrire avec la lumière ». Le même sujet peut paraître banal ou magnifique selon la lumière qui l’éclaire, et apprendre à la regarder est sans doute le progrès le plus important que vous ferez.',
            },
            {
              type: 'paragraph',
              text: 'Observez d’abord sa **qualité**. Une lumière *dure*, comme celle du soleil de midi dans un ciel sans nuage, provient d’une source petite par rapport au sujet : elle dessine des ombres nettes et des contrastes marqués. Une lumière *douce*, celle d’un ciel couvert ou d’une grande fenêtre, provient d’une source large : les ombres sont progressives et les visages flattés. Un ciel nuageux agit comme une immense boîte à lumière, idéale pour les portraits et les fleurs.',
            },
            { type: 'paragraph', text: 'Observez ensuite sa **direction** :' },
            {
              type: 'list',
              ordered: false,
              items: [
                'de face : peu d’ombres, une image lisible mais plate ;',
                'latérale : elle révèle les textures et le relief, parfaite pour un mur de pierre, un visage de caractère ou un paysage vallonné ;',
                'à contre-jour : silhouettes, contours lumineux, cheveux auréolés ; exposez pour le visage ou, au contraire, assumez la silhouette ;',
                'zénithale, le soleil au-dessus de la tête : ombres dures sous les yeux et le nez, à éviter en portrait.',
              ],
            },
            { type: 'heading', text: 'Choisir son moment' },
            {
              type: 'paragraph',
              text: 'La lumière change au fil de la journée. Pendant l’**heure dorée**, peu après le lever et peu avant le coucher du soleil, elle est basse, chaude et rasante : les ombres s’allongent et les couleurs se réchauffent. Juste après le coucher, pendant l’**heure bleue**, le ciel prend une teinte bleu profond qui se marie très bien avec les éclairages de la ville.',
            },
            {
              type: 'paragraph',
              text: 'Si vous devez photographier en plein midi, cherchez l’ombre : placez votre sujet sous un arbre ou un porche, le visage tourné vers la zone lumineuse. Une feuille blanche ou un carton clair tenu sous le visage fera office de réflecteur et débouchera les ombres du menton et des yeux.',
            },
            { type: 'heading', text: 'Exercice' },
            {
              type: 'paragraph',
              text: 'Choisissez un lieu proche de chez vous et photographiez-le avec le même cadrage à trois moments : tôt le matin, vers midi et en fin d’après-midi. Comparez la couleur de la lumière, la longueur des ombres et l’ambiance générale, puis notez lequel des trois moments met le mieux ce lieu en valeur, et pourquoi.',
            },
          ],
        },
        {
          slug: 'balance-des-blancs-mesure-et-histogramme',
          title: 'Balance des blancs, mesure et histogramme',
          durationSeconds: 360,
          body: [
            { type: 'heading', text: 'Neutraliser la couleur de la lumière' },
            {
              type: 'paragraph',
              text: 'Notre cerveau corrige sans cesse la couleur de la lumière : une feuille blanche nous paraît blanche sous une ampoule comme en plein soleil. Le capteur, lui, enregistre ce qu’il reçoit. La couleur d’une source se décrit par sa température de couleur, exprimée en kelvins (K) : plus la valeur est basse, plus la lumière est orangée ; plus elle est haute, plus elle tire vers le bleu. Quelques ordres de grandeur :',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                'flamme de bougie : environ 1 900 K ;',
                'ampoule à incandescence : entre 2 700 et 3 200 K environ ;',
                'lumière du jour en milieu de journée : environ 5 500 K ;',
                'ciel couvert : environ 6 500 K ;',
                'ombre par temps clair : 7 000 K et au-delà.',
              ],
            },
            {
              type: 'paragraph',
              text: 'La **balance des blancs** indique à l’appareil quelle lumière éclaire la scène, afin qu’il la neutralise. Le mode automatique s’en sort bien la plupart du temps, mais il a tendance à « corriger » des teintes que vous voudriez garder, comme l’orangé d’un coucher de soleil. Les préréglages (lumière du jour, nuageux, ombre, tungstène) donnent un rendu plus constant d’une image à l’autre. En RAW, la balance des blancs se modifie après coup sans perte ; en JPEG, elle est figée dans le fichier.',
            },
            { type: 'heading', text: 'Mesurer la lumière et lire l’histogramme' },
            {
              type: 'paragraph',
              text: 'Pour simplifier, le posemètre de l’appareil cherche à rendre la scène d’une luminosité moyenne, un gris moyen. Cela convient à la plupart des scènes, mais pas aux sujets très clairs ou très sombres : la neige sort grisâtre, un chat noir devient gris foncé. Utilisez alors la **correction d’exposition**, souvent notée +/− : environ +1 à +2 IL pour la neige ou une plage en plein soleil, −1 IL pour un sujet sombre qui doit le rester.',
            },
            {
              type: 'paragraph',
              text: 'Pour vérifier le résultat, ne vous fiez pas seulement à l’écran, dont la luminosité trompe facilement en extérieur. Affichez l’**histogramme** : il montre la répartition des tons, des noirs à gauche aux blancs à droite. Une courbe collée au bord droit signale des hautes lumières brûlées, sans détail récupérable ; collée au bord gauche, des ombres bouchées. Il n’existe pas de « bon » histogramme universel : une scène enneigée est naturellement décalée vers la droite. L’important est de ne pas perdre de détail là où vous en voulez.',
            },
            { type: 'heading', text: 'Exercice' },
            {
              type: 'paragraph',
              text: 'Photographiez une feuille blanche posée sur un fond clair, d’abord sans correction, puis à +1 et +2 IL, en observant l’histogramme à chaque fois. Recommencez le soir sous une lampe d’intérieur, en balance des blancs automatique puis avec le préréglage tungstène. Comparez les blancs obtenus et notez le réglage le plus fidèle.',
            },
          ],
        },
      ],
    },
  ],
}
